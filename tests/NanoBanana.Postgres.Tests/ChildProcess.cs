using System.Diagnostics;

namespace NanoBanana.Postgres.Tests;

/// <summary>
/// A real child process (a built dll of this solution run with <c>dotnet</c>), its output collected; killed with
/// SIGKILL on dispose if still running. No key or base URL inherited from the test's environment.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private ChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Starts <paramref name="dll"/> (a file beside the tests) with <paramref name="args"/>.</summary>
    public static ChildProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("NANOBANANA_API_KEY");
        info.Environment.Remove("NANOBANANA_BASE_URL");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>The first stdout line starting with <paramref name="prefix"/> (the rest of it).</summary>
    public Task<string> WaitForLineAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            foreach (var line in _stdout.ToString().Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return Task.FromResult(line[prefix.Length..].Trim());
            }

            _lineWaiters.Add((prefix, found));
        }

        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => found.TrySetException(new InvalidOperationException($"the process exited before printing '{prefix}': {Stderr}"));
        if (_process.HasExited) found.TrySetException(new InvalidOperationException($"the process exited before printing '{prefix}': {Stderr}"));
        return found.Task.WaitAsync(cancellationToken);
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void OnLine(string? line, System.Text.StringBuilder into)
    {
        if (line is null) return;
        lock (into)
        {
            into.Append(line).Append('\n');
            if (into != _stdout) return;
            for (var i = _lineWaiters.Count - 1; i >= 0; i--)
            {
                if (!line.StartsWith(_lineWaiters[i].Prefix, StringComparison.Ordinal)) continue;
                _lineWaiters[i].Found.TrySetResult(line[_lineWaiters[i].Prefix.Length..].Trim());
                _lineWaiters.RemoveAt(i);
            }
        }
    }
}
