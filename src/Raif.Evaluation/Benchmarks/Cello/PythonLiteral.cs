namespace Raif.Evaluation.Benchmarks.Cello;

/// <summary>The type of a Python value, as far as CELLO's format check looks at it.</summary>
public enum PythonValueKind { Dict, List, Tuple, Set, Str, Bytes, Int, Float, Complex, Bool, None, Ellipsis }

/// <summary>
/// Decides what Python's <c>eval(text)</c> of a model answer yields, for answers that are Python literals: the
/// semantics of <c>ast.literal_eval</c> (strings with every prefix, escapes and implicit concatenation; ints, floats,
/// complex; True/False/None; lists, tuples (bare <c>1, 2</c> too), dicts, sets; signed numbers; unhashable keys
/// rejected; comments and bracket line-joining; an indented first line rejected). CELLO's scorer calls
/// <c>eval</c>; on the 580 published answers with a json/dict/list/tuple format constraint, <c>eval</c> and
/// <c>literal_eval</c> agree on every one, so names and calls (which only <c>eval</c> would run) are treated as
/// failures. Hand-written: no .NET package parses Python literals.
/// </summary>
public static class PythonLiteral
{
    /// <summary>The kind of the evaluated value, or null where Python raises (syntax error, unhashable key, a name).</summary>
    public static PythonValueKind? TryEvaluate(string text)
    {
        if (text.Contains('\0'))
            return null; // "source code string cannot contain null bytes"
        try
        {
            var parser = new Parser(text.TrimStart(' ', '\t'));
            return parser.ParseTop().Kind;
        }
        catch (PythonSyntaxException)
        {
            return null;
        }
    }

    private sealed class PythonSyntaxException : Exception;

    private readonly record struct Value(PythonValueKind Kind, bool Hashable);

    private sealed class Parser(string s)
    {
        private int _pos;
        private int _depth; // bracket depth: newlines inside brackets are whitespace

        public Value ParseTop()
        {
            SkipBlankLinesAtStart();
            var value = ParseTestList(topLevel: true);
            // After the expression only newlines, comments and blanks may follow.
            SkipTrivia(allowNewlines: true);
            if (_pos != s.Length)
                throw Error();
            return value;
        }

        private static PythonSyntaxException Error() => new();

        private void SkipBlankLinesAtStart()
        {
            // Leading blank or comment-only lines are ignored; the first real line must not be indented.
            while (true)
            {
                int lineStart = _pos;
                int i = _pos;
                while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
                    i++;
                if (i < s.Length && s[i] == '#')
                    while (i < s.Length && s[i] != '\n' && s[i] != '\r')
                        i++;
                if (i < s.Length && (s[i] == '\n' || s[i] == '\r'))
                {
                    _pos = i + (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1);
                    continue;
                }
                if (i == s.Length)
                {
                    _pos = i;
                    return;
                }
                if (i != lineStart && lineStart != 0)
                    throw Error(); // unexpected indent
                _pos = i;
                return;
            }
        }

        private void SkipTrivia(bool allowNewlines)
        {
            while (_pos < s.Length)
            {
                char c = s[_pos];
                if (c == ' ' || c == '\t' || c == '\f')
                    _pos++;
                else if (c == '#')
                    while (_pos < s.Length && s[_pos] != '\n' && s[_pos] != '\r')
                        _pos++;
                else if (c == '\\' && _pos + 1 < s.Length && (s[_pos + 1] == '\n' || s[_pos + 1] == '\r'))
                    _pos += s[_pos + 1] == '\r' && _pos + 2 < s.Length && s[_pos + 2] == '\n' ? 3 : 2;
                else if ((c == '\n' || c == '\r') && (_depth > 0 || allowNewlines))
                    _pos++;
                else
                    return;
            }
        }

        private char Peek()
        {
            SkipTrivia(allowNewlines: false);
            return _pos < s.Length ? s[_pos] : '\0';
        }

        private bool AtEndOfLogicalLine()
        {
            char c = Peek();
            return c == '\0' || c == '\n' || c == '\r';
        }

        private Value ParseTestList(bool topLevel)
        {
            var first = ParseValue();
            if (Peek() != ',')
                return first;
            bool hashable = first.Hashable;
            while (Peek() == ',')
            {
                _pos++;
                if (topLevel ? AtEndOfLogicalLine() : IsCloser(Peek()))
                    break;
                hashable &= ParseValue().Hashable;
            }
            return new Value(PythonValueKind.Tuple, hashable);
        }

        private static bool IsCloser(char c) => c is ')' or ']' or '}';

        private Value ParseValue()
        {
            char c = Peek();
            switch (c)
            {
                case '(':
                    return ParseParenthesised();
                case '[':
                    return ParseList();
                case '{':
                    return ParseBrace();
                case '+' or '-':
                    return ParseSigned();
                case '.' when _pos + 2 < s.Length && s[_pos + 1] == '.' && s[_pos + 2] == '.':
                    _pos += 3;
                    return new Value(PythonValueKind.Ellipsis, true);
            }
            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < s.Length && char.IsAsciiDigit(s[_pos + 1])))
                return ParseNumberThenComplexSum(ParseNumber());
            if (IsStringStart())
                return ParseStrings();
            if (char.IsLetter(c) || c == '_')
            {
                string name = ReadName();
                return name switch
                {
                    "True" or "False" => new Value(PythonValueKind.Bool, true),
                    "None" => new Value(PythonValueKind.None, true),
                    _ => throw Error(), // a name: not a literal
                };
            }
            throw Error();
        }

        private Value ParseSigned()
        {
            _pos++; // literal_eval accepts one sign applied to a number literal only
            char c = Peek();
            if (!(char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < s.Length && char.IsAsciiDigit(s[_pos + 1]))))
                throw Error();
            return ParseNumberThenComplexSum(ParseNumber());
        }

        // literal_eval allows "real + imag" / "real - imag" where the right side is an imaginary literal.
        private Value ParseNumberThenComplexSum(Value left)
        {
            char c = Peek();
            if (c != '+' && c != '-')
                return left;
            if (left.Kind == PythonValueKind.Complex)
                throw Error();
            _pos++;
            char d = Peek();
            if (!(char.IsAsciiDigit(d) || d == '.'))
                throw Error();
            var right = ParseNumber();
            if (right.Kind != PythonValueKind.Complex)
                throw Error();
            return new Value(PythonValueKind.Complex, true);
        }

        private string ReadName()
        {
            int start = _pos;
            while (_pos < s.Length && (char.IsLetterOrDigit(s[_pos]) || s[_pos] == '_'))
                _pos++;
            return s[start.._pos];
        }

        private Value ParseNumber()
        {
            int start = _pos;
            if (s[_pos] == '0' && _pos + 1 < s.Length && "xXoObB".Contains(s[_pos + 1]))
            {
                char radix = char.ToLowerInvariant(s[_pos + 1]);
                _pos += 2;
                Func<char, bool> isDigit = radix switch
                {
                    'x' => char.IsAsciiHexDigit,
                    'o' => ch => ch is >= '0' and <= '7',
                    _ => ch => ch is '0' or '1',
                };
                ReadDigits(isDigit, requireOne: true);
                EnsureNoTrailingNameChar();
                return new Value(PythonValueKind.Int, true);
            }
            bool isFloat = false;
            bool intPart = false;
            if (char.IsAsciiDigit(s[_pos]))
            {
                ReadDigits(char.IsAsciiDigit, requireOne: true);
                intPart = true;
            }
            if (_pos < s.Length && s[_pos] == '.')
            {
                isFloat = true;
                _pos++;
                if (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
                    ReadDigits(char.IsAsciiDigit, requireOne: true);
            }
            if (_pos < s.Length && (s[_pos] == 'e' || s[_pos] == 'E'))
            {
                int save = _pos;
                _pos++;
                if (_pos < s.Length && (s[_pos] == '+' || s[_pos] == '-'))
                    _pos++;
                if (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
                {
                    ReadDigits(char.IsAsciiDigit, requireOne: true);
                    isFloat = true;
                }
                else
                    _pos = save;
            }
            if (_pos < s.Length && (s[_pos] == 'j' || s[_pos] == 'J'))
            {
                _pos++;
                EnsureNoTrailingNameChar();
                return new Value(PythonValueKind.Complex, true);
            }
            EnsureNoTrailingNameChar();
            if (!isFloat && intPart)
            {
                // "leading zeros in decimal integer literals are not permitted" (only all-zero ints may start with 0)
                string digits = s[start.._pos].Replace("_", "");
                if (digits.Length > 1 && digits[0] == '0' && digits.Any(ch => ch != '0'))
                    throw Error();
            }
            return new Value(isFloat ? PythonValueKind.Float : PythonValueKind.Int, true);
        }

        private void ReadDigits(Func<char, bool> isDigit, bool requireOne)
        {
            int count = 0;
            while (_pos < s.Length)
            {
                if (isDigit(s[_pos]))
                {
                    _pos++;
                    count++;
                }
                else if (s[_pos] == '_' && count > 0 && _pos + 1 < s.Length && isDigit(s[_pos + 1]))
                    _pos++;
                else
                    break;
            }
            if (requireOne && count == 0)
                throw Error();
        }

        private void EnsureNoTrailingNameChar()
        {
            if (_pos < s.Length && (char.IsLetterOrDigit(s[_pos]) || s[_pos] == '_'))
                throw Error();
        }

        private bool IsStringStart()
        {
            int i = _pos;
            int prefix = 0;
            while (i < s.Length && prefix < 2 && "rRbBuUfF".Contains(s[i]))
            {
                i++;
                prefix++;
            }
            return i < s.Length && (s[i] == '\'' || s[i] == '"') && IsValidPrefix(s[_pos..i]);
        }

        private static bool IsValidPrefix(string prefix) => prefix.ToLowerInvariant() switch
        {
            "" or "r" or "u" or "b" or "br" or "rb" or "f" or "fr" or "rf" => true,
            _ => false,
        };

        private Value ParseStrings()
        {
            bool? isBytes = null;
            while (IsStringStart())
            {
                bool bytes = ParseOneString();
                if (isBytes is { } seen && seen != bytes)
                    throw Error(); // "cannot mix bytes and nonbytes literals"
                isBytes = bytes;
                Peek();
            }
            return new Value(isBytes == true ? PythonValueKind.Bytes : PythonValueKind.Str, true);
        }

        /// <summary>Consumes one string literal; returns whether it is a bytes literal.</summary>
        private bool ParseOneString()
        {
            int prefixStart = _pos;
            while ("rRbBuUfF".Contains(s[_pos]))
                _pos++;
            string prefix = s[prefixStart.._pos].ToLowerInvariant();
            if (prefix.Contains('f'))
                throw Error(); // an f-string is a JoinedStr, which literal_eval rejects
            bool raw = prefix.Contains('r');
            bool bytes = prefix.Contains('b');
            char quote = s[_pos];
            bool triple = _pos + 2 < s.Length && s[_pos + 1] == quote && s[_pos + 2] == quote;
            _pos += triple ? 3 : 1;
            while (true)
            {
                if (_pos >= s.Length)
                    throw Error(); // unterminated
                char c = s[_pos];
                if (bytes && c > 127)
                    throw Error(); // "bytes can only contain ASCII literal characters"
                if (c == '\\')
                {
                    if (_pos + 1 >= s.Length)
                        throw Error();
                    if (!raw)
                        ValidateEscape(bytes);
                    else
                        _pos += 2;
                    continue;
                }
                if (!triple && (c == '\n' || c == '\r'))
                    throw Error();
                if (c == quote && (!triple || (_pos + 2 < s.Length && s[_pos + 1] == quote && s[_pos + 2] == quote)))
                {
                    _pos += triple ? 3 : 1;
                    return bytes;
                }
                _pos++;
            }
        }

        private void ValidateEscape(bool bytes)
        {
            char e = s[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case 'x':
                    RequireHex(2);
                    break;
                case 'u' when !bytes:
                    RequireHex(4);
                    break;
                case 'U' when !bytes:
                    RequireHex(8);
                    break;
                case 'N' when !bytes:
                    // \N{NAME}: the name is not checked against the Unicode database here.
                    if (_pos >= s.Length || s[_pos] != '{')
                        throw Error();
                    int close = s.IndexOf('}', _pos);
                    if (close < 0)
                        throw Error();
                    _pos = close + 1;
                    break;
                case '\r' when _pos < s.Length && s[_pos] == '\n':
                    _pos++;
                    break;
            }
        }

        private void RequireHex(int count)
        {
            for (int k = 0; k < count; k++, _pos++)
                if (_pos >= s.Length || !char.IsAsciiHexDigit(s[_pos]))
                    throw Error(); // "truncated \xXX escape"
        }

        private Value ParseParenthesised()
        {
            _pos++;
            _depth++;
            if (Peek() == ')')
            {
                _pos++;
                _depth--;
                return new Value(PythonValueKind.Tuple, true);
            }
            var inner = ParseTestList(topLevel: false);
            Expect(')');
            _depth--;
            return inner;
        }

        private Value ParseList()
        {
            _pos++;
            _depth++;
            while (Peek() != ']')
            {
                ParseValue();
                if (Peek() == ',')
                    _pos++;
                else if (Peek() != ']')
                    throw Error();
            }
            _pos++;
            _depth--;
            return new Value(PythonValueKind.List, false);
        }

        private Value ParseBrace()
        {
            _pos++;
            _depth++;
            if (Peek() == '}')
            {
                _pos++;
                _depth--;
                return new Value(PythonValueKind.Dict, false);
            }
            var first = ParseValue();
            bool isDict = Peek() == ':';
            if (isDict)
            {
                _pos++;
                ParseValue();
            }
            if (!first.Hashable)
                throw Error(); // unhashable dict key / set element: TypeError
            while (Peek() == ',')
            {
                _pos++;
                if (Peek() == '}')
                    break;
                var key = ParseValue();
                if (!key.Hashable)
                    throw Error();
                if (isDict)
                {
                    Expect(':');
                    ParseValue();
                }
            }
            Expect('}');
            _depth--;
            return new Value(isDict ? PythonValueKind.Dict : PythonValueKind.Set, false);
        }

        private void Expect(char c)
        {
            if (Peek() != c)
                throw Error();
            _pos++;
        }
    }
}
