"""Bounds written as text ("sqrt(K*T*log(T))", "T^(2/3)"), parsed without eval: numbers, named
symbols, + - * / ** (or ^), and the functions of FUNCTIONS."""

import ast
import operator

import sympy as sp

from proofs import symbols

FUNCTIONS = {"sqrt": sp.sqrt, "log": sp.log, "exp": sp.exp, "Min": sp.Min, "Max": sp.Max}
CONSTANTS = {"pi": sp.pi}
# The theory's symbols keep their assumptions (K and d integers, alpha non-negative); any other
# name is a positive symbol.
KNOWN = {str(s): s for s in vars(symbols).values() if isinstance(s, sp.Symbol)}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
             ast.Div: operator.truediv, ast.Pow: operator.pow}


def symbol(name: str) -> sp.Symbol:
    """The theory's symbol called ``name`` (proofs.symbols), or a new positive one."""
    return KNOWN.get(name) or sp.Symbol(name, positive=True)


def parse_expression(text: str) -> sp.Expr:
    """The sympy expression that ``text`` writes; ValueError naming the text and the part that
    is not allowed. Decimals become exact rationals (0.5 -> 1/2)."""
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError as err:
        raise ValueError(f"bound {text!r} is not an expression ({err.msg})") from None
    return _build(tree.body, text)


def _build(node: ast.AST, text: str) -> sp.Expr:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sp.nsimplify(node.value, rational=True)
    if isinstance(node, ast.Name):
        return CONSTANTS.get(node.id) or symbol(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_build(node.left, text), _build(node.right, text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _build(node.operand, text)
        return -value if isinstance(node.op, ast.USub) else value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS and not node.keywords and node.args):
        return FUNCTIONS[node.func.id](*(_build(a, text) for a in node.args))
    raise ValueError(f"bound {text!r}: {ast.unparse(node)!r} is not allowed; write numbers, "
                     f"symbols, + - * / ** and {', '.join(FUNCTIONS)}")
