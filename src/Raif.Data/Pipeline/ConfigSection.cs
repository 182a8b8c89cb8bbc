using Tomlyn.Model;

namespace Raif.Data.Pipeline;

/// <summary>
/// One TOML table of <c>data.toml</c>, read with checks: every key is typed, every key the pipeline does not know is
/// an error, and every error names the file, the line and the dotted key (a typo must not silently fall back to a
/// default).
/// </summary>
public sealed class ConfigSection
{
    private readonly TomlTable _table;
    private readonly string _file;
    private readonly string _prefix;
    private readonly IReadOnlyDictionary<string, int> _lines;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal ConfigSection(TomlTable table, string file, string prefix, IReadOnlyDictionary<string, int> lines)
    {
        _table = table;
        _file = file;
        _prefix = prefix;
        _lines = lines;
    }

    /// <summary>The folder of the config file, against which relative paths are resolved.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(_file))!;

    public bool Has(string key) => _table.ContainsKey(key);

    public PipelineConfigException Error(string key, string problem)
    {
        string dotted = _prefix.Length == 0 ? key : _prefix + "." + key;
        string where = _lines.TryGetValue(dotted, out int line) ? $"{_file}:{line}" : _file;
        return new PipelineConfigException($"{where}: {dotted}: {problem}");
    }

    public ConfigSection? Table(string key)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return null;
        if (value is not TomlTable table)
            throw Error(key, "expected a table");
        return new ConfigSection(table, _file, _prefix.Length == 0 ? key : _prefix + "." + key, _lines);
    }

    public string? String(string key)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return null;
        return value as string ?? throw Error(key, $"expected a string, found {Describe(value)}");
    }

    public string String(string key, string fallback) => String(key) ?? fallback;

    /// <summary>A string or an array of strings (one value may be written without brackets); null when absent.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return null;
        if (value is string one)
            return [one];
        if (value is not TomlArray array)
            throw Error(key, $"expected a string or an array of strings, found {Describe(value)}");
        var list = new List<string>();
        foreach (var item in array)
            list.Add(item as string ?? throw Error(key, $"expected an array of strings, found {Describe(item!)} in it"));
        if (list.Count == 0)
            throw Error(key, "empty list");
        return list;
    }

    /// <summary>A path, resolved against the config file's folder.</summary>
    public string? PathValue(string key) => String(key) is { } path ? Path.GetFullPath(path, BaseDirectory) : null;

    public string Choice(string key, string fallback, IReadOnlyList<string> allowed)
    {
        string value = String(key, fallback);
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw Error(key, $"'{value}' is not one of {string.Join(", ", allowed)}");
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return fallback;
        return value as bool? ?? throw Error(key, $"expected true or false, found {Describe(value)}");
    }

    public long Long(string key, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return fallback;
        if (value is not long number)
            throw Error(key, $"expected an integer, found {Describe(value)}");
        if (number < min || number > max)
            throw Error(key, $"{number} is outside [{min}, {max}]");
        return number;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) => (int)Long(key, fallback, min, max);

    /// <summary>An integer that may be absent (no default: absence means "not used").</summary>
    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue) => Has(key) ? Int(key, 0, min, max) : null;

    /// <summary>A number that may be absent.</summary>
    public double? OptionalDouble(string key, double min = double.MinValue) => Has(key) ? Double(key, 0, min) : null;

    public double Double(string key, double fallback, double min = double.MinValue)
    {
        _read.Add(key);
        if (!_table.TryGetValue(key, out var value))
            return fallback;
        double number = value switch
        {
            double d => d,
            long l => l,
            _ => throw Error(key, $"expected a number, found {Describe(value)}"),
        };
        if (!(number >= min))
            throw Error(key, $"{number} is below {min}");
        return number;
    }

    /// <summary>Fails on the first key that was never asked for: a misspelt or unsupported setting.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in _table.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal))
            throw Error(key, "unknown setting (docs/data.md lists the settings of each stage)");
    }

    private static string Describe(object value) => value switch
    {
        string => "a string",
        bool => "a boolean",
        long => "an integer",
        double => "a float",
        TomlTable => "a table",
        TomlArray or TomlTableArray => "an array",
        _ => value.GetType().Name,
    };
}
