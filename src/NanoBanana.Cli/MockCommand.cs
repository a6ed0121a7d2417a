using NanoBanana.Simulator;

namespace NanoBanana.Cli;

/// <summary><c>nanobanana mock</c>: the simulator as a standalone server.</summary>
internal static class MockCommand
{
    /// <summary>
    /// Starts the simulator, prints its base URL as stdout's first line once it accepts requests, and runs
    /// until <paramref name="cancellationToken"/> fires (the process's SIGINT or SIGTERM); then exits 0.
    /// </summary>
    public static async Task<int> RunAsync(CliHost host, MockInput input, CancellationToken cancellationToken)
    {
        NanoBananaSimulator simulator;
        try
        {
            EnsurePortFree(input.Host, input.Port);
            simulator = NanoBananaSimulator.Start(new SimulatorOptions
            {
                Host = input.Host,
                Port = input.Port == 0 ? null : input.Port,
                TaskDuration = input.TaskDuration ?? SimulatorOptions.DefaultTaskDuration,
                ContractFile = input.SpecFile,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // WireMock wraps the socket's refusal in "Service start failed ... One or more errors occurred": say the cause.
            var port = input.Port == 0 ? "a free port" : input.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A contract file that cannot be read says so (its name and why), not the port.
            var message = e is InvalidOperationException && input.SpecFile is not null
                ? $"cannot start the simulator: {ErrorMapper.OneLine(e.Message)}"
                : $"cannot start the simulator on {input.Host}:{port}: {ErrorMapper.RootCause(e)}";
            throw new CliErrorException(new CliError(ExitCodes.Error, "error", message, "cli_error")
            {
                Details = ErrorMapper.Chain(e),
            });
        }

        await using (simulator.ConfigureAwait(false))
        {
            await host.Stdout.WriteLineAsync(simulator.Url.AbsoluteUri).ConfigureAwait(false);
            await host.Stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await host.Stderr.WriteLineAsync(
                $"simulator: API on {simulator.Url.AbsoluteUri}, output files on {simulator.FilesUrl.AbsoluteUri}; key {NanoBananaSimulator.ApiKey} (any key starting with sk- works). " +
                $"Try: nanobanana --base-url {simulator.Url.AbsoluteUri} generate \"a banana\". Stop with Ctrl+C.").ConfigureAwait(false);
            await host.Stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await host.Stderr.WriteLineAsync("simulator: stopped").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Binds the port for a moment first: a port in use then fails at once with the socket's own reason, where the
    /// server would wait out its start timeout and report "One or more errors occurred".
    /// </summary>
    private static void EnsurePortFree(string host, int port)
    {
        if (port == 0) return;
        var address = host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null) return;
        var probe = new System.Net.Sockets.TcpListener(address, port);
        try
        {
            probe.Start();
        }
        finally
        {
            probe.Stop();
        }
    }
}
