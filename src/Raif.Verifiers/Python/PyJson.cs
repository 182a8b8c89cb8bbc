namespace Raif.Verifiers.Python;

/// <summary>
/// Whether Python's <c>json.loads(text)</c> succeeds. It accepts any top-level value, the non-standard literals
/// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, duplicate keys, any nesting depth, lone surrogate escapes and
/// numbers of any size; it rejects raw control characters inside strings (strict mode), a byte-order mark and
/// anything after the value but JSON whitespace (space, tab, CR, LF). System.Text.Json rejects NaN/Infinity and
/// limits depth, so this is a small hand-written recognizer of exactly that grammar (iterative, linear time).
/// </summary>
public static class PyJson
{
    public static bool IsValid(string text)
    {
        var reader = new Recognizer(text);
        return reader.Run();
    }

    private ref struct Recognizer(string text)
    {
        private readonly string _s = text;
        private int _i;

        public bool Run()
        {
            // A stack of open containers: true = object, false = array.
            var stack = new Stack<bool>();
            SkipWhitespace();
            if (!Value(stack))
                return false;
            while (stack.Count > 0)
            {
                SkipWhitespace();
                if (_i >= _s.Length)
                    return false;
                bool inObject = stack.Peek();
                char c = _s[_i];
                if (c == (inObject ? '}' : ']'))
                {
                    _i++;
                    stack.Pop();
                    continue;
                }
                if (c != ',')
                    return false;
                _i++;
                SkipWhitespace();
                if (inObject && !Member())
                    return false;
                if (!Value(stack))
                    return false;
            }
            SkipWhitespace();
            return _i == _s.Length;
        }

        // Reads a value; an opening '[' or '{' is pushed (and its first element read) instead of recursing.
        private bool Value(Stack<bool> stack)
        {
            while (true)
            {
                if (_i >= _s.Length)
                    return false;
                char c = _s[_i];
                switch (c)
                {
                    case '"':
                        return String();
                    case '{':
                        _i++;
                        SkipWhitespace();
                        if (_i < _s.Length && _s[_i] == '}')
                        {
                            _i++;
                            return true;
                        }
                        stack.Push(true);
                        if (!Member())
                            return false;
                        continue; // read the member's value
                    case '[':
                        _i++;
                        SkipWhitespace();
                        if (_i < _s.Length && _s[_i] == ']')
                        {
                            _i++;
                            return true;
                        }
                        stack.Push(false);
                        continue; // read the first element
                    case 'n':
                        return Word("null");
                    case 't':
                        return Word("true");
                    case 'f':
                        return Word("false");
                    case 'N':
                        return Word("NaN");
                    case 'I':
                        return Word("Infinity");
                    case '-' when _i + 1 < _s.Length && _s[_i + 1] == 'I':
                        _i++;
                        return Word("Infinity");
                    default:
                        return Number();
                }
            }
        }

        // "key" ws ':' ws — the value follows.
        private bool Member()
        {
            if (_i >= _s.Length || _s[_i] != '"' || !String())
                return false;
            SkipWhitespace();
            if (_i >= _s.Length || _s[_i] != ':')
                return false;
            _i++;
            SkipWhitespace();
            return true;
        }

        private bool String()
        {
            _i++; // opening quote
            while (_i < _s.Length)
            {
                char c = _s[_i++];
                if (c == '"')
                    return true;
                if (c < 0x20)
                    return false; // strict mode: no raw control characters
                if (c != '\\')
                    continue;
                if (_i >= _s.Length)
                    return false;
                char e = _s[_i++];
                if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
                    continue;
                if (e != 'u' || _i + 4 > _s.Length)
                    return false;
                for (int k = 0; k < 4; k++)
                {
                    if (!char.IsAsciiHexDigit(_s[_i + k]))
                        return false;
                }
                _i += 4;
            }
            return false;
        }

        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? with ASCII digits (CPython's C scanner).
        private bool Number()
        {
            int i = _i;
            if (i < _s.Length && _s[i] == '-')
                i++;
            if (i >= _s.Length || !char.IsAsciiDigit(_s[i]))
                return false;
            if (_s[i] == '0')
                i++;
            else
            {
                while (i < _s.Length && char.IsAsciiDigit(_s[i]))
                    i++;
            }
            if (i + 1 < _s.Length && _s[i] == '.' && char.IsAsciiDigit(_s[i + 1]))
            {
                i += 2;
                while (i < _s.Length && char.IsAsciiDigit(_s[i]))
                    i++;
            }
            if (i < _s.Length && _s[i] is 'e' or 'E')
            {
                int j = i + 1;
                if (j < _s.Length && _s[j] is '+' or '-')
                    j++;
                if (j < _s.Length && char.IsAsciiDigit(_s[j]))
                {
                    while (j < _s.Length && char.IsAsciiDigit(_s[j]))
                        j++;
                    i = j;
                }
            }
            _i = i;
            return true;
        }

        private bool Word(string word)
        {
            if (string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0)
                return false;
            _i += word.Length;
            return true;
        }

        private void SkipWhitespace()
        {
            while (_i < _s.Length && _s[_i] is ' ' or '\t' or '\n' or '\r')
                _i++;
        }
    }
}
