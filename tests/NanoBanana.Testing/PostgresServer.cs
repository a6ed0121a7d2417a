using System.Diagnostics;

namespace NanoBanana.Testing;

/// <summary>
/// A real PostgreSQL server for tests: <c>initdb</c> into a temporary data directory, <c>pg_ctl start</c> on a free
/// loopback port, stopped (and its directory removed) on dispose. <c>initdb</c> refuses to run as root, so as root
/// both run as the <c>postgres</c> user. The data directory lives under <c>$NANOBANANA_PG_ROOT</c> when set
/// (<c>build/test.sh</c> sets it and stops whatever is left there when the run ends, however it ends), else under
/// the system's temp folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The variable naming the folder under which test servers keep their data directories.</summary>
    public const string RootVariable = "NANOBANANA_PG_ROOT";

    private static readonly bool IsRoot = Environment.UserName == "root";
    private readonly string _folder;
    private readonly string _data;
    private int _disposed;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "data");
        Port = port;
    }

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Whether the server runs now (false between <see cref="StopAsync"/> and <see cref="StartAsync()"/>).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>A connection string to the <c>postgres</c> database as the <c>postgres</c> superuser.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    /// <summary>The same, as a <c>postgres://</c> URL (what the command line takes).</summary>
    public string UrlFor(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    /// <summary>Creates a new server (initdb) and starts it.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } r ? r : Path.GetTempPath();
        Directory.CreateDirectory(root);
        var folder = Path.Combine(root, "pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        // The postgres user must reach and own its data directory (and write the log beside it).
        if (IsRoot && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await RunAsync("chown", ["postgres", folder], asPostgres: false).ConfigureAwait(false);
        }

        var server = new PostgresServer(folder, LoopbackPorts.Free());
        await RunAsync(Tool("initdb"), ["-D", server._data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], IsRoot).ConfigureAwait(false);
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>), waiting until it accepts connections.</summary>
    public async Task StartAsync()
    {
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"], IsRoot).ConfigureAwait(false);
        IsRunning = true;
    }

    /// <summary>Stops the server: <c>fast</c> (clients disconnected, a clean shutdown) or <c>immediate</c> (as a crash).</summary>
    public async Task StopAsync(bool immediate = false)
    {
        IsRunning = false;
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"], IsRoot).ConfigureAwait(false);
    }

    /// <summary>Stops the server and removes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid"))) await StopAsync(immediate: true).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The server log so far (for a failing test's message).</summary>
    public string Log() => File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : string.Empty;

    /// <summary>A PostgreSQL program: on PATH, or in Debian's versioned folder.</summary>
    private static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
            : null;
        return debian ?? throw new InvalidOperationException(
            $"PostgreSQL's {name} was not found (PATH or /usr/lib/postgresql/*/bin): install it (Debian: apt-get install -y postgresql); build/test.sh does so.");
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program]) start.ArgumentList.Add(a);
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
        }
    }
}
