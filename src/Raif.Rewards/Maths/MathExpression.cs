using System.Globalization;

namespace Raif.Rewards.Maths;

/// <summary>
/// A small parser and evaluator for the numeric path of the maths comparison: numbers, single-letter and Greek
/// variables, <c>+ − * / ^ **</c> and implicit multiplication, <c>\frac</c>, <c>\sqrt</c> (with an index),
/// <c>\pi</c>, <c>\cdot</c>, <c>\times</c>, <c>\div</c>, <c>!</c>, <c>|x|</c> and the common functions.
/// Written by hand because no served package fits: NCalc and DynamicExpresso read C-like syntax (<c>^</c> is XOR,
/// no implicit multiplication, no LaTeX commands), and turning LaTeX into their syntax needs a tokenizer that
/// already knows the whole structure; there is no SymPy-like symbolic package for .NET among the served ones.
/// Symbolic equality is approximated by evaluating both sides at fixed pseudo-random points.
/// </summary>
public sealed class MathExpression
{
    private const int MaxDepth = 100;
    private const int MaxLength = 4_000;

    private readonly Node _root;

    private MathExpression(Node root, IReadOnlySet<string> variables)
    {
        _root = root;
        Variables = variables;
    }

    /// <summary>The free variables (single letters and Greek letter names).</summary>
    public IReadOnlySet<string> Variables { get; }

    /// <summary>Parses <paramref name="text"/>; <c>null</c> when it is not an expression this evaluator understands.</summary>
    public static MathExpression? TryParse(string text, CancellationToken cancellationToken = default)
    {
        if (text.Length == 0 || text.Length > MaxLength)
            return null;
        try
        {
            var parser = new Parser(Tokenizer.Tokenize(text), cancellationToken);
            var root = parser.ParseAll();
            return new MathExpression(root, parser.Variables);
        }
        catch (ParseFailure)
        {
            return null;
        }
    }

    /// <summary>The value with the given variable values (a missing variable is an error).</summary>
    public double Evaluate(IReadOnlyDictionary<string, double>? variables = null) =>
        _root.Eval(variables ?? EmptyVariables);

    private static readonly Dictionary<string, double> EmptyVariables = new();

    private sealed class ParseFailure(string message) : Exception(message);

    // ---- syntax tree -------------------------------------------------------------------------------------------

    private abstract class Node
    {
        public abstract double Eval(IReadOnlyDictionary<string, double> vars);
    }

    private sealed class Number(double value) : Node
    {
        public override double Eval(IReadOnlyDictionary<string, double> vars) => value;
    }

    private sealed class Variable(string name) : Node
    {
        public override double Eval(IReadOnlyDictionary<string, double> vars) =>
            vars.TryGetValue(name, out double v) ? v : throw new KeyNotFoundException($"no value for variable {name}");
    }

    private sealed class Unary(Func<double, double> op, Node operand) : Node
    {
        public override double Eval(IReadOnlyDictionary<string, double> vars) => op(operand.Eval(vars));
    }

    private sealed class Binary(Func<double, double, double> op, Node left, Node right) : Node
    {
        public override double Eval(IReadOnlyDictionary<string, double> vars) => op(left.Eval(vars), right.Eval(vars));
    }

    private static double Factorial(double x)
    {
        if (x < 0 || x > 170 || x != Math.Floor(x))
            return double.NaN;
        double r = 1;
        for (int i = 2; i <= (int)x; i++)
            r *= i;
        return r;
    }

    private static double Root(double index, double x)
    {
        if (index == 2)
            return Math.Sqrt(x);
        // Odd integer roots of negative numbers are real.
        if (x < 0 && index == Math.Floor(index) && ((long)index & 1) == 1)
            return -Math.Pow(-x, 1 / index);
        return Math.Pow(x, 1 / index);
    }

    // ---- tokens ------------------------------------------------------------------------------------------------

    private enum TokenKind { Number, Letter, Command, Symbol, End }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static class Tokenizer
    {
        public static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    int start = i;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    if (i < text.Length && text[i] == '.')
                    {
                        i++;
                        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    }
                    tokens.Add(new Token(TokenKind.Number, text[start..i]));
                }
                else if (char.IsAsciiLetter(c))
                {
                    tokens.Add(new Token(TokenKind.Letter, c.ToString()));
                    i++;
                }
                else if (c == '\\')
                {
                    int start = ++i;
                    while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                    if (i == start)
                        throw new ParseFailure($"unsupported escape at {start}");
                    tokens.Add(new Token(TokenKind.Command, text[start..i]));
                }
                else if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    tokens.Add(new Token(TokenKind.Symbol, "^"));
                    i += 2;
                }
                else
                {
                    string symbol = c switch
                    {
                        '+' or '-' or '*' or '/' or '^' or '(' or ')' or '{' or '}' or '[' or ']' or '!' or '|' => c.ToString(),
                        '\u2212' => "-",
                        '\u00d7' or '\u00b7' or '\u22c5' => "*",
                        '\u00f7' => "/",
                        '\u03c0' => "pi",
                        _ => throw new ParseFailure($"unsupported character '{c}'"),
                    };
                    tokens.Add(symbol == "pi" ? new Token(TokenKind.Command, "pi") : new Token(TokenKind.Symbol, symbol));
                    i++;
                }
            }
            tokens.Add(new Token(TokenKind.End, ""));
            return tokens;
        }
    }

    // ---- parser ------------------------------------------------------------------------------------------------

    private sealed class Parser(List<Token> tokens, CancellationToken cancellationToken)
    {
        private static readonly HashSet<string> Greek = new(StringComparer.Ordinal)
        {
            "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
            "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        };

        private static readonly Dictionary<string, Func<double, double>> Functions = new(StringComparer.Ordinal)
        {
            ["sin"] = Math.Sin, ["cos"] = Math.Cos, ["tan"] = Math.Tan,
            ["sec"] = x => 1 / Math.Cos(x), ["csc"] = x => 1 / Math.Sin(x), ["cot"] = x => 1 / Math.Tan(x),
            ["arcsin"] = Math.Asin, ["arccos"] = Math.Acos, ["arctan"] = Math.Atan,
            ["ln"] = Math.Log, ["log"] = Math.Log, ["exp"] = Math.Exp,
        };

        private int _pos;
        private int _depth;

        public HashSet<string> Variables { get; } = new(StringComparer.Ordinal);

        private Token Peek => tokens[_pos];

        public Node ParseAll()
        {
            var node = ParseSum();
            if (Peek.Kind != TokenKind.End)
                throw new ParseFailure($"unexpected '{Peek.Text}'");
            return node;
        }

        private Node ParseSum()
        {
            Enter();
            var left = ParseTerm();
            while (IsSymbol("+") || IsSymbol("-"))
            {
                bool plus = Next().Text == "+";
                var right = ParseTerm();
                left = plus ? new Binary((a, b) => a + b, left, right) : new Binary((a, b) => a - b, left, right);
            }
            _depth--;
            return left;
        }

        private Node ParseTerm()
        {
            var left = ParseSigned();
            while (true)
            {
                if (IsSymbol("*") || IsCommand("cdot") || IsCommand("times"))
                {
                    Next();
                    var right = ParseSigned();
                    left = new Binary((a, b) => a * b, left, right);
                }
                else if (IsSymbol("/") || IsCommand("div"))
                {
                    Next();
                    var right = ParseSigned();
                    left = new Binary((a, b) => a / b, left, right);
                }
                else if (StartsImplicitFactor())
                {
                    var right = ParsePower();
                    left = new Binary((a, b) => a * b, left, right);
                }
                else
                {
                    return left;
                }
            }
        }

        private Node ParseSigned()
        {
            if (IsSymbol("-"))
            {
                Next();
                Enter();
                var operand = ParseSigned();
                _depth--;
                return new Unary(x => -x, operand);
            }
            if (IsSymbol("+"))
            {
                Next();
                return ParseSigned();
            }
            return ParsePower();
        }

        private Node ParsePower()
        {
            var node = ParsePostfix();
            if (!IsSymbol("^"))
                return node;
            Next();
            Enter();
            var exponent = ParseExponent();
            _depth--;
            return new Binary(Math.Pow, node, exponent);
        }

        private Node ParseExponent()
        {
            if (IsSymbol("{"))
                return ParseGroup("{", "}");
            if (IsSymbol("-") || IsSymbol("+"))
            {
                bool minus = Next().Text == "-";
                Enter();
                var operand = ParseExponent();
                _depth--;
                return minus ? new Unary(x => -x, operand) : operand;
            }
            return ParsePower();
        }

        private Node ParsePostfix()
        {
            var node = ParseAtom();
            while (IsSymbol("!"))
            {
                Next();
                node = new Unary(Factorial, node);
            }
            return node;
        }

        private Node ParseAtom()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    Next();
                    return new Number(double.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
                case TokenKind.Letter:
                    Next();
                    Variables.Add(token.Text);
                    return new Variable(token.Text);
                case TokenKind.Symbol when token.Text == "(":
                    return ParseGroup("(", ")");
                case TokenKind.Symbol when token.Text == "{":
                    return ParseGroup("{", "}");
                case TokenKind.Symbol when token.Text == "[":
                    return ParseGroup("[", "]");
                case TokenKind.Symbol when token.Text == "|":
                    return new Unary(Math.Abs, ParseGroup("|", "|"));
                case TokenKind.Command:
                    return ParseCommand();
                default:
                    throw new ParseFailure($"unexpected '{token.Text}'");
            }
        }

        private Node ParseCommand()
        {
            string name = Next().Text;
            switch (name)
            {
                case "frac":
                {
                    var numerator = ParseArgument();
                    var denominator = ParseArgument();
                    return new Binary((a, b) => a / b, numerator, denominator);
                }
                case "sqrt":
                {
                    Node? index = IsSymbol("[") ? ParseGroup("[", "]") : null;
                    var radicand = ParseArgument();
                    return index is null ? new Unary(Math.Sqrt, radicand) : new Binary(Root, index, radicand);
                }
                case "pi":
                    return new Number(Math.PI);
                default:
                    if (Functions.TryGetValue(name, out var function))
                    {
                        Enter();
                        var argument = IsSymbol("(") || IsSymbol("{") ? ParseAtom() : ParsePower();
                        _depth--;
                        return new Unary(function, argument);
                    }
                    if (Greek.Contains(name))
                    {
                        Variables.Add(name);
                        return new Variable(name);
                    }
                    throw new ParseFailure($"unsupported command \\{name}");
            }
        }

        // A command argument: a braced group or a single atom (\frac12 is normalised earlier; \sqrt x also works).
        private Node ParseArgument() => IsSymbol("{") ? ParseGroup("{", "}") : ParseAtom();

        private Node ParseGroup(string open, string close)
        {
            Expect(open);
            Enter();
            var inner = ParseSum();
            _depth--;
            Expect(close);
            return inner;
        }

        private bool StartsImplicitFactor()
        {
            var t = Peek;
            return t.Kind switch
            {
                TokenKind.Number or TokenKind.Letter => true,
                TokenKind.Symbol => t.Text is "(" or "{",
                TokenKind.Command => t.Text is not ("cdot" or "times" or "div"),
                _ => false,
            };
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
                throw new ParseFailure("expression nested too deeply");
            cancellationToken.ThrowIfCancellationRequested();
        }

        private bool IsSymbol(string s) => Peek.Kind == TokenKind.Symbol && Peek.Text == s;

        private bool IsCommand(string s) => Peek.Kind == TokenKind.Command && Peek.Text == s;

        private Token Next() => tokens[_pos++];

        private void Expect(string symbol)
        {
            if (!IsSymbol(symbol))
                throw new ParseFailure($"expected '{symbol}', found '{Peek.Text}'");
            Next();
        }
    }
}
