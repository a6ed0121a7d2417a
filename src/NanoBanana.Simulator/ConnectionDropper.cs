using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Simulator;

/// <summary>
/// Drops a connection mid-answer (WireMock's own faults only send an empty or garbled body). A middleware ahead
/// of WireMock's gives each request a flag; the response callback sets it; the answer's bytes are then
/// swallowed and the connection aborted, so the caller sees the connection end without an answer.
/// </summary>
internal static class ConnectionDropper
{
    private static readonly AsyncLocal<StrongBox<bool>?> Current = new();

    /// <summary>Called from a response callback: drop this request's connection.</summary>
    public static void DropCurrent()
    {
        if (Current.Value is { } flag) flag.Value = true;
    }

    /// <summary>Installs the middleware (for <c>WireMockServerSettings.PreWireMockMiddlewareInit</c>).</summary>
    public static void Install(object app) => ((IApplicationBuilder)app).Use(async (HttpContext context, Func<Task> next) =>
    {
        var flag = new StrongBox<bool>();
        Current.Value = flag;
        var body = context.Response.Body;
        context.Response.Body = new DroppingStream(body, flag);
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
        }

        if (flag.Value) context.Abort();
    });

    private sealed class DroppingStream(Stream inner, StrongBox<bool> drop) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
            if (!drop.Value) inner.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => drop.Value ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!drop.Value) inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            drop.Value ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            drop.Value ? Task.CompletedTask : inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
