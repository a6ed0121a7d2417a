using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Batch;

/// <summary>
/// Where a runner keeps a task id it could not record in the ledger (a full disk right after the create): one JSON
/// line per id, written and flushed to disk (fsync) into space the journal reserved when the run started, so that a
/// write still succeeds on a disk that has since filled up. The next run imports it into the ledger.
/// </summary>
internal sealed class RecoveryJournal
{
    /// <summary>Space reserved up front: room for a few hundred ids.</summary>
    private const int Reserved = 64 * 1024;

    private readonly Lock _gate = new();

    public RecoveryJournal(string path) => Path = path;

    public string Path { get; }

    /// <summary>The recorded (key, task id) pairs; none when the journal is missing.</summary>
    public IReadOnlyList<(string Key, string TaskId)> Read()
    {
        if (!File.Exists(Path)) return [];
        var records = new List<(string, string)>();
        foreach (var line in Text().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var node = JsonNode.Parse(line)?.AsObject();
                if (node?["key"]?.GetValue<string>() is { } key && node["task_id"]?.GetValue<string>() is { } taskId) records.Add((key, taskId));
            }
            catch (JsonException)
            {
                // A torn line (the process died mid-write): the id was also printed on stderr.
            }
        }

        return records;
    }

    /// <summary>Reserves the journal's space (zeros), keeping what it holds.</summary>
    public void Prepare()
    {
        lock (_gate)
        {
            using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            if (file.Length >= Reserved) return;
            file.Position = file.Length;
            file.Write(new byte[Reserved - file.Length]);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Appends one id and flushes it to disk; throws when even that fails.</summary>
    public void Append(string key, string taskId)
    {
        var line = Encoding.UTF8.GetBytes(new JsonObject { ["key"] = key, ["task_id"] = taskId, ["at"] = DateTimeOffset.UtcNow.ToString("O") }.ToJsonString() + "\n");
        lock (_gate)
        {
            using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            file.Position = End(file);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Empties the journal (its space stays reserved) once its ids are in the ledger.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (!File.Exists(Path)) return;
            using var file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            var length = (int)Math.Min(file.Length, End(file));
            file.Position = 0;
            file.Write(new byte[length]);
            file.Flush(flushToDisk: true);
        }
    }

    private string Text()
    {
        var bytes = File.ReadAllBytes(Path);
        var end = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    /// <summary>The offset of the first zero byte: where the next line goes.</summary>
    private static long End(FileStream file)
    {
        file.Position = 0;
        var buffer = new byte[8192];
        long offset = 0;
        int n;
        while ((n = file.Read(buffer)) > 0)
        {
            var zero = Array.IndexOf(buffer, (byte)0, 0, n);
            if (zero >= 0) return offset + zero;
            offset += n;
        }

        return offset;
    }
}
