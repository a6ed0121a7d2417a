using System.Net;
using NanoBanana.Simulator;

namespace NanoBanana.Cli;

/// <summary><c>nanobanana mock</c>: the simulator as a standalone server.</summary>
internal static class MockCommand
{
    /// <summary>
    /// Starts the simulator on the address <c>--host</c> names (a loopback address unless <c>--allow-remote</c>),
    /// prints its base URL, on the address it really bound, as stdout's first line once it accepts requests, and runs
    /// until <paramref name="cancellationToken"/> fires (the process's SIGINT or SIGTERM); then exits 0.
    /// </summary>
    public static async Task<int> RunAsync(CliHost host, MockInput input, CancellationToken cancellationToken)
    {
        var address = await ListenAddressAsync(input, cancellationToken).ConfigureAwait(false);
        var listenHost = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        NanoBananaSimulator simulator;
        try
        {
            EnsurePortFree(listenHost, input.Port);
            simulator = NanoBananaSimulator.Start(new SimulatorOptions
            {
                Host = listenHost,
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
                : $"cannot start the simulator on {listenHost}:{port}: {ErrorMapper.RootCause(e)}";
            throw new CliErrorException(new CliError(ExitCodes.Error, "error", message, "cli_error")
            {
                Details = ErrorMapper.Chain(e),
            });
        }

        await using (simulator.ConfigureAwait(false))
        {
            var everywhere = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
            await host.Stdout.WriteLineAsync(simulator.Url.AbsoluteUri).ConfigureAwait(false);
            await host.Stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await host.Stderr.WriteLineAsync(
                $"simulator: listening on {(everywhere ? $"every interface ({listenHost}:{simulator.Url.Port})" : $"{listenHost}:{simulator.Url.Port}")}; " +
                $"API on {simulator.Url.AbsoluteUri}, output files on {simulator.FilesUrl.AbsoluteUri}; key {NanoBananaSimulator.ApiKey} (any key starting with sk- works). " +
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
    /// The one address to bind: <c>--host</c> as an IP address, or resolved when it is a name (<c>localhost</c> is
    /// 127.0.0.1), so the server never falls back to every interface for a name it cannot bind. A non-loopback
    /// address, or every interface (<c>0.0.0.0</c>, <c>*</c>), needs <c>--allow-remote</c>: the simulator accepts any
    /// key and posts callbacks to any URL.
    /// </summary>
    private static async Task<IPAddress> ListenAddressAsync(MockInput input, CancellationToken cancellationToken)
    {
        var host = input.Host.Trim();
        IPAddress address;
        if (host is "*" or "+") address = IPAddress.Any;
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) address = literal;
        else
        {
            IPAddress[] resolved;
            try
            {
                resolved = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new CliErrorException(CliError.Validation($"--host: '{host}' does not resolve: {ErrorMapper.OneLine(e.Message)}"));
            }

            address = resolved.FirstOrDefault(IPAddress.IsLoopback) ?? resolved.FirstOrDefault()
                ?? throw new CliErrorException(CliError.Validation($"--host: '{host}' resolves to no address"));
        }

        if (!IPAddress.IsLoopback(address) && !input.AllowRemote)
        {
            var what = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "every interface" : $"{address}, not a loopback address";
            throw new CliErrorException(CliError.Validation(
                $"--host: '{host}' is {what}; the simulator accepts any key and posts callbacks to any URL, so it listens on loopback only. " +
                "Pass --allow-remote to listen there anyway, on a network you trust"));
        }

        return address;
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
