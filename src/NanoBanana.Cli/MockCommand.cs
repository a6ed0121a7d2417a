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
            simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = input.Host, Port = input.Port == 0 ? null : input.Port, ContractFile = input.SpecFile });
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            var what = e is InvalidOperationException && input.SpecFile is not null ? "cannot start the simulator" : $"cannot start the simulator on {input.Host}:{input.Port}";
            throw new CliErrorException(new CliError(ExitCodes.Error, "error", $"{what}: {ErrorMapper.OneLine(e.Message)}", "cli_error")
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
}
