using System.Text;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Reliability.Tests.Infrastructure;

namespace NanoBanana.Reliability.Tests.Resources;

/// <summary>
/// A hostile server cannot make the client buffer without bound; downloads stream to the destination; thousands of
/// canceled waits leave no timer and no connection behind.
/// </summary>
public sealed class BoundedResourceTests
{
    private const string Key = "sk-bounded-0000";

    [Fact]
    public async Task An_endless_body_is_cut_off_at_MaxResponseBytes_not_buffered()
    {
        await using var server = new HostileServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, [new("Content-Type", "application/json"), new("Transfer-Encoding", "chunked")]);
            var chunk = Encoding.ASCII.GetBytes("8000\r\n" + new string(' ', 0x8000) + "\r\n");
            await c.WriteBodyAsync("1\r\n{\r\n"u8.ToArray());
            while (true) await c.WriteBodyAsync(chunk);
        });
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key, BaseUrl = server.Url, MaxResponseBytes = 64 * 1024, Retry = { MaxRetries = 0 } });

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => client.GetCreditsAsync());

        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
        await Eventually(() => server.OpenConnections == 0, "the connection was not closed after the limit");
        // What the server could push before the client hung up: the limit plus socket buffers, nowhere near unbounded.
        Assert.InRange(server.BytesSent, 64 * 1024, 16L * 1024 * 1024);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_fails_before_reading_the_body()
    {
        await using var server = new HostileServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, [new("Content-Type", "application/json"), new("Content-Length", (1L << 40).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            await c.WaitForClientToLeaveAsync();
        });
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key, BaseUrl = server.Url, Retry = { MaxRetries = 0 } });

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => client.GetCreditsAsync());

        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.BytesSent);
    }

    [Fact]
    public async Task A_download_streams_to_the_destination_in_chunks()
    {
        var image = new byte[6 * 1024 * 1024];
        Random.Shared.NextBytes(image);
        await using var server = new HostileServer((_, c) => c.WriteResponseAsync(200, image, "image/png"));
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key });
        var destination = new RecordingStream();

        var written = await client.DownloadAsync(new Uri(server.Url, "images/a.png"), destination);

        Assert.Equal(image.Length, written);
        Assert.Equal(image, destination.Content.ToArray());
        // Written as it arrives: many writes, none larger than the copy buffer (never the whole image at once).
        Assert.True(destination.Writes >= image.Length / (128 * 1024), $"{destination.Writes} writes");
        Assert.True(destination.LargestWrite <= 128 * 1024, $"largest write {destination.LargestWrite} bytes");
    }

    [Fact]
    public async Task Thousands_of_canceled_waits_leave_no_timer_no_connection_and_end_Canceled()
    {
        const int waits = 2000;
        var time = new CountingTimeProvider();
        var pending = Encoding.UTF8.GetBytes("{\"id\":\"ID\",\"status\":\"pending\",\"model\":\"nano-banana-2-lite\"}");
        await using var server = new HostileServer((request, c) =>
            c.WriteResponseAsync(200, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(pending).Replace("ID", request.Path["/v1/tasks/".Length..], StringComparison.Ordinal))));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 32 };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key, BaseUrl = server.Url }, http, null, null, time);
        using var cts = new CancellationTokenSource();

        var tasks = Enumerable.Range(0, waits).Select(i => client.ResumeGeneration("task-" + i).WaitForCompletionAsync(TimeSpan.FromHours(1), cts.Token)).ToArray();
        // Every wait has polled once and is now waiting on the (fake) clock for its next poll.
        await Eventually(() => server.Requests.Count >= waits && time.ActiveTimers >= waits, $"the waits did not all poll (server saw {server.Requests.Count}, {time.ActiveTimers} timers)", seconds: 30);

        var started = DateTime.UtcNow;
        await cts.CancelAsync();
        var all = Task.WhenAll(tasks);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => all);

        Assert.All(tasks, t => Assert.True(t.IsCanceled, $"a wait ended {t.Status}"));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "cancellation was not prompt");
        Assert.Equal(0, time.ActiveTimers);
        await Eventually(() => server.OpenConnections == 0, "connections stayed open");
        Assert.Equal(waits, server.Requests.Count);
    }

    private static async Task Eventually(Func<bool> condition, string message, int seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(message);
            await Task.Delay(10);
        }
    }

    /// <summary>A non-seekable destination that records how it was written.</summary>
    private sealed class RecordingStream : Stream
    {
        public MemoryStream Content { get; } = new();

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Content.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that counts timers created and not yet disposed.</summary>
public sealed class CountingTimeProvider() : FakeTimeProvider(FakeClock.Start)
{
    private int _active;

    public int ActiveTimers => Volatile.Read(ref _active);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _active);
        return new CountedTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class CountedTimer(ITimer inner, CountingTimeProvider owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref owner._active);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
