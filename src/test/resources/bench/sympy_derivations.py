"""SymPy's side of the derivation benchmark (matcalc.bench.DerivationBenchmark).

Reads the problems (problems.txt beside this script: let/assume/expr/wrt/layout blocks), writes
each expression with sympy MatrixSymbols (symbolic sizes), and times ``expr.diff(wrt)``: one
untimed call, then the median of several calls, each after ``clear_cache()`` (otherwise SymPy
would answer from its cache). Building the expression is not timed; matcalc's time includes its
parsing, so the comparison leans towards SymPy.

One line per problem on stdout, tab-separated: the line of the block in problems.txt, the outcome,
the median in ms (or the reason), where the outcome is
  ok       a matrix-calculus result (MatrixExpr or scalar expression),
  array    only in array (index) form: an N-dimensional array expression,
  zero     a zero (every problem here has a non-zero derivative),
  unevaluated  the derivative handed back unevaluated (Derivative(…)),
  error    SymPy cannot write or differentiate the expression (the reason follows),
  timeout  no answer within 10 s.
Lines starting with '#' are notes (versions). Assumptions, declared properties (symmetric, spd…)
and layouts have no counterpart here and are left out.

Usage: python3 sympy_derivations.py problems.txt [--quick]
"""
import re
import signal
import statistics
import sys
import time

import sympy
from sympy import (Abs, Determinant, Function, HadamardPower, HadamardProduct, Identity, Inverse, Lambda, Max,
                   MatrixExpr, MatrixSymbol, OneMatrix, Symbol, ZeroMatrix, cos, exp, log, sin, sqrt, tanh)
from sympy.core.cache import clear_cache
from sympy.matrices.expressions.trace import Trace


def blocks(lines):
    out, cur, start = [], {}, 0
    for i, raw in enumerate(lines + [""]):
        line = raw.strip()
        if not line or line.startswith("#"):
            if cur:
                out.append((start, cur))
            cur = {}
            continue
        if not cur:
            start = i + 1
        k, v = line.split(":", 1)
        cur[k.strip()] = v.strip()
    return out


TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(\.\^)|((?:(?!ᵀ)[\w'])+)|(\^\{-1\})|(.))", re.UNICODE)
t = Symbol("t")
FUNCTIONS = {
    "exp": exp, "log": log, "tanh": tanh, "sin": sin, "cos": cos, "sqrt": sqrt, "abs": Abs,
    "σ": Lambda(t, 1 / (1 + exp(-t))), "relu": Lambda(t, Max(0, t)),
}
IDENTITY = object()


def tokens(text):
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        num, hpow, name, inv, other = m.groups()
        if num:
            out.append(("num", num))
        elif hpow:
            out.append(("op", ".^"))
        elif name:
            out.append(("name", name))
        elif inv:
            out.append(("op", "^{-1}"))
        elif other and not other.isspace():
            out.append(("op", other))
    return out


def is_matrix(e):
    return isinstance(e, MatrixExpr)


def scalar(e):
    """A 1×1 matrix as a scalar (its trace), anything else unchanged."""
    if is_matrix(e) and e.shape == (1, 1):
        return Trace(e)
    return e


def add(a, b):
    if a is IDENTITY:
        return Identity(b.shape[0]) + b
    if b is IDENTITY:
        return a + Identity(a.shape[0])
    if is_matrix(a) and is_matrix(b):
        return a + b
    if is_matrix(a) and a.shape != (1, 1):
        return a + b * OneMatrix(*a.shape)
    if is_matrix(b) and b.shape != (1, 1):
        return a * OneMatrix(*b.shape) + b
    return scalar(a) + scalar(b)


def mul(a, b):
    if is_matrix(a) and is_matrix(b):
        if a.shape[1] == b.shape[0]:
            return a * b
        if a.shape == (1, 1):
            return Trace(a) * b
        if b.shape == (1, 1):
            return a * Trace(b)
    return a * b


def hadamard(a, b):
    if is_matrix(a) and is_matrix(b):
        return HadamardProduct(a, b)
    return mul(a, b)


def ones_row(n):
    return OneMatrix(1, n)


def apply(name, args, fns):
    x = args[0]
    if name == "sum":
        return scalar(ones_row(x.shape[0]) * x * OneMatrix(x.shape[1], 1)) if is_matrix(x) else x
    if name == "tr":
        return Trace(x)
    if name == "det":
        return Determinant(x)
    if name == "logdet":
        return log(Determinant(x))
    if name == "inv":
        return Inverse(x)
    if name == "norm":
        return sqrt(Trace(x.T * x)) if is_matrix(x) else Abs(x)
    if name == "softmax":
        e = x.applyfunc(exp)
        return e * (1 / Trace(ones_row(x.shape[0]) * e))
    if name == "logsumexp":
        return log(Trace(ones_row(x.shape[0]) * x.applyfunc(exp)))
    f = FUNCTIONS.get(name) or fns.setdefault(name, Function(name))
    if is_matrix(x) and x.shape != (1, 1):
        return x.applyfunc(f)
    return f(scalar(x))


class Parser:
    def __init__(self, text, env, fns):
        self.toks, self.i, self.env, self.fns = tokens(text), 0, env, fns

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise SyntaxError("expected %s at %s" % (value, tok))
        self.i += 1
        return tok

    def parse(self):
        e = self.sum()
        if self.i != len(self.toks):
            raise SyntaxError("unexpected %s" % (self.peek(),))
        return e

    def sum(self):
        e = self.hadamard()
        while self.peek()[1] in ("+", "-", "−"):
            op = self.take()[1]
            r = self.hadamard()
            e = add(e, r if op == "+" else -r)
        return e

    def hadamard(self):
        e = self.product()
        while self.peek()[1] == "⊙":
            self.take()
            e = hadamard(e, self.product())
        return e

    def starts_atom(self):
        kind, v = self.peek()
        return kind in ("num", "name") or v in ("(", "𝟏")

    def product(self):
        e = self.unary()
        while True:
            if self.peek()[1] == "/":
                self.take()
                e = mul(e, 1 / scalar(self.unary()))
            elif self.starts_atom():
                e = mul(e, self.postfix())
            else:
                return e

    def unary(self):
        if self.peek()[1] in ("-", "−"):
            self.take()
            return -self.unary()
        return self.postfix()

    def postfix(self):
        e = self.atom()
        while True:
            v = self.peek()[1]
            if v == "ᵀ":
                self.take()
                e = e.T if is_matrix(e) else e
            elif v == "^{-1}":
                self.take()
                e = Inverse(e) if is_matrix(e) else 1 / e
            elif v in ("^", ".^"):
                self.take()
                sign = -1 if self.peek()[1] in ("-", "−") and self.take() else 1
                p = sympy.sympify(self.take()[1]) * sign
                if v == ".^" and is_matrix(e) and e.shape != (1, 1):
                    e = HadamardPower(e, p)
                else:
                    e = scalar(e) ** p
            else:
                return e

    def atom(self):
        kind, v = self.take()
        if kind == "num":
            return sympy.Rational(v) if "." in v else sympy.Integer(v)
        if v == "(":
            e = self.sum()
            self.take(")")
            return e
        if kind == "name" and self.peek()[1] == "(":
            self.take("(")
            args = [self.sum()]
            while self.peek()[1] == ",":
                self.take()
                args.append(self.sum())
            self.take(")")
            return apply(v, args, self.fns)
        if kind == "name" and v == "I":
            return IDENTITY
        if kind == "name" and v in self.env:
            return self.env[v]
        raise SyntaxError("unknown %s" % v)


def environment(let, fns):
    env, dims = {}, {}

    def dim(d):
        d = d.strip()
        return sympy.Integer(d) if d.isdigit() else dims.setdefault(d, Symbol(d, integer=True, positive=True))

    for statement in let.split(";"):
        statement = statement.strip()
        if ":" in statement:
            names, decl = statement.split(":", 1)
            words = decl.split()
            size = [w for w in words if w not in ("symmetric", "spd", "diagonal", "orthogonal")]
            for name in (n.strip() for n in names.split(",")):
                if size == ["scalar"]:
                    env[name] = Symbol(name)
                elif len(size) == 1:
                    env[name] = MatrixSymbol(name, dim(size[0]), 1)
                else:
                    env[name] = MatrixSymbol(name, dim(size[0]), dim(size[2]))
        elif "=" in statement:
            name, body = statement.split("=", 1)
            env[name.strip()] = Parser(body, env, fns).parse()
    return env


def outcome(result):
    if isinstance(result, sympy.Derivative) or result.has(sympy.Derivative):
        return "unevaluated"
    if isinstance(result, (sympy.NDimArray,)) or type(result).__module__.startswith("sympy.tensor"):
        return "array"
    if result == 0 or isinstance(result, ZeroMatrix):
        return "zero"
    if any(type(a).__module__.startswith("sympy.tensor") for a in sympy.preorder_traversal(result)):
        return "array"
    return "ok"


class Timeout(Exception):
    pass


def alarm(signum, frame):
    raise Timeout()


def main():
    path = sys.argv[1]
    quick = "--quick" in sys.argv
    repeats = 3 if quick else 7
    print("# SymPy %s, Python %s" % (sympy.__version__, sys.version.split()[0]))
    signal.signal(signal.SIGALRM, alarm)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line, block in blocks(lines):
        fns = {}
        try:
            env = environment(block["let"], fns)
            expr = Parser(block["expr"], env, fns).parse()
            wrt = env[block["wrt"]]
        except Exception as e:  # noqa: BLE001 — what SymPy cannot write is reported, not fatal
            print("%d\terror\tnot written in sympy: %s" % (line, str(e).replace("\t", " ")[:80]), flush=True)
            continue
        try:
            signal.alarm(10)
            result = expr.diff(wrt)
            times = []
            for _ in range(repeats):
                clear_cache()
                t0 = time.perf_counter()
                expr.diff(wrt)
                times.append((time.perf_counter() - t0) * 1000)
            signal.alarm(0)
            kind = outcome(result)
            print("%d\t%s\t%.4f" % (line, kind, statistics.median(times)), flush=True)
        except Timeout:
            print("%d\ttimeout\tover 10 s" % line, flush=True)
        except Exception as e:  # noqa: BLE001
            signal.alarm(0)
            print("%d\terror\t%s: %s" % (line, type(e).__name__, str(e).replace("\t", " ")[:80]), flush=True)


if __name__ == "__main__":
    main()
