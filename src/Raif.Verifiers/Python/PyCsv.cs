using System.Text;

namespace Raif.Verifiers.Python;

/// <summary>
/// <c>list(csv.reader(io.StringIO(text), delimiter=d))</c> with Python's default (excel) dialect: CPython's
/// <c>_csv.c</c> state machine, fed line by line as <c>StringIO</c> yields lines (split after each '\n'). An empty
/// line is an empty row; a quoted field may span lines. Where Python raises <c>csv.Error</c> (a '\r' followed by more
/// text in an unquoted field, a NUL, a field over 131,072 characters) this throws <see cref="PyCsvException"/>.
/// .NET's CSV readers differ on these edge cases, which decide IFBench verdicts, hence the port.
/// </summary>
public static class PyCsv
{
    private const int FieldLimit = 131072;

    private enum State { StartRecord, StartField, InField, InQuotedField, QuoteInQuotedField, EatCrnl }

    public static List<List<string>> Read(string text, char delimiter = ',')
    {
        var rows = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var state = State.StartRecord;
        int pos = 0;
        while (true)
        {
            if (pos >= text.Length)
            {
                // End of input in the middle of a record (only possible inside a quoted field).
                if (field.Length != 0 || state == State.InQuotedField)
                {
                    fields.Add(field.ToString());
                    rows.Add(fields);
                }
                return rows;
            }
            int newline = text.IndexOf('\n', pos);
            int end = newline < 0 ? text.Length : newline + 1;
            for (int i = pos; i < end; i++)
            {
                if (text[i] == '\0')
                    throw new PyCsvException("line contains NUL");
                Process(text[i]);
            }
            Process(-1);
            pos = end;
            if (state == State.StartRecord)
            {
                rows.Add(fields);
                fields = [];
            }
        }

        void Save()
        {
            fields.Add(field.ToString());
            field.Clear();
        }

        void Add(char c)
        {
            if (field.Length >= FieldLimit)
                throw new PyCsvException($"field larger than field limit ({FieldLimit})");
            field.Append(c);
        }

        // c == -1 is the end of a line (EOL in _csv.c).
        void Process(int c)
        {
            switch (state)
            {
                case State.StartRecord:
                    if (c == -1)
                        return; // an empty line: an empty row
                    if (c is '\n' or '\r')
                    {
                        state = State.EatCrnl;
                        return;
                    }
                    state = State.StartField;
                    goto case State.StartField;
                case State.StartField:
                    if (c is '\n' or '\r' or -1)
                    {
                        Save();
                        state = c == -1 ? State.StartRecord : State.EatCrnl;
                    }
                    else if (c == '"')
                        state = State.InQuotedField;
                    else if (c == delimiter)
                        Save();
                    else
                    {
                        Add((char)c);
                        state = State.InField;
                    }
                    return;
                case State.InField:
                    if (c is '\n' or '\r' or -1)
                    {
                        Save();
                        state = c == -1 ? State.StartRecord : State.EatCrnl;
                    }
                    else if (c == delimiter)
                    {
                        Save();
                        state = State.StartField;
                    }
                    else
                        Add((char)c);
                    return;
                case State.InQuotedField:
                    if (c == -1)
                        return;
                    if (c == '"')
                        state = State.QuoteInQuotedField;
                    else
                        Add((char)c);
                    return;
                case State.QuoteInQuotedField:
                    if (c == '"')
                    {
                        Add('"');
                        state = State.InQuotedField;
                    }
                    else if (c == delimiter)
                    {
                        Save();
                        state = State.StartField;
                    }
                    else if (c is '\n' or '\r' or -1)
                    {
                        Save();
                        state = c == -1 ? State.StartRecord : State.EatCrnl;
                    }
                    else
                    {
                        Add((char)c); // not strict: the text after the closing quote joins the field
                        state = State.InField;
                    }
                    return;
                case State.EatCrnl:
                    if (c is '\n' or '\r')
                        return;
                    if (c == -1)
                    {
                        state = State.StartRecord;
                        return;
                    }
                    throw new PyCsvException("new-line character seen in unquoted field - do you need to open the file with newline=''?");
            }
        }
    }
}

/// <summary>Python's <c>csv.Error</c>.</summary>
public sealed class PyCsvException(string message) : Exception(message);
