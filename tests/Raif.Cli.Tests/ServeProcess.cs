using System.Diagnostics;
using System.Text;

namespace Raif.Cli.Tests;

/// <summary>A <c>raif serve</c> process started by a test, on a free port; killed on dispose.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process) => _process = process;

    public Uri Url { get; private set; } = null!;

    public string Banner { get; private set; } = "";

    public bool HasExited => _process.HasExited;

    public static ServeProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "raif.dll"));
        psi.ArgumentList.Add("serve");
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        var serve = new ServeProcess(Process.Start(psi)!);
        serve._process.ErrorDataReceived += (_, e) => { lock (serve._stderr) serve._stderr.AppendLine(e.Data); };
        serve._process.BeginErrorReadLine();
        var line = serve._process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(120)) || line.Result is null || !line.Result.StartsWith("listening on ", StringComparison.Ordinal))
        {
            serve.Dispose();
            throw new InvalidOperationException($"raif serve did not start: {(line.IsCompleted ? line.Result : "(no output)")}; stderr: {serve.StdErr}");
        }
        serve.Banner = line.Result;
        serve.Url = new Uri(line.Result["listening on ".Length..].Split(' ')[0] + "/");
        return serve;
    }

    public string StdErr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
