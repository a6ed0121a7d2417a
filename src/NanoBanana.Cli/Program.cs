using System.Runtime.InteropServices;
using NanoBanana.Cli;

// The process: SIGINT and SIGTERM cancel the running command (mock stops, a wait ends); everything else is CliApp.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await CliApp.RunAsync(args, CliHost.FromProcess(), stop.Token).ConfigureAwait(false);
