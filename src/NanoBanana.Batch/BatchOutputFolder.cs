using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Batch;

/// <summary>
/// Binds an output folder to one batch: a marker file (<see cref="MarkerFileName"/>) records the batch id, and the
/// files that were already there when the batch took the folder, which the batch never replaces. Another batch (a
/// second ledger, a deleted one) aimed at the folder is refused unless it takes the folder over on purpose.
/// </summary>
public static class BatchOutputFolder
{
    /// <summary>The marker's file name inside the output folder.</summary>
    public const string MarkerFileName = ".nanobanana-batch.json";

    /// <summary>
    /// Takes <paramref name="folder"/> for <paramref name="batchId"/> (created if missing): writes the marker on first
    /// use, and checks it on later ones.
    /// </summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="batchId">The batch's id (<see cref="BatchLedgerInfo.BatchId"/>).</param>
    /// <param name="takeOver">Take a folder that another batch holds (its files stay protected).</param>
    /// <returns>The names (case-insensitive) of files the batch does not own and must never replace.</returns>
    /// <exception cref="BatchOutputFolderException">Another batch holds the folder.</exception>
    public static IReadOnlySet<string> Claim(string folder, string batchId, bool takeOver)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        Directory.CreateDirectory(folder);
        var markerPath = Path.Combine(folder, MarkerFileName);
        var foreign = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(markerPath))
        {
            JsonObject marker;
            try
            {
                marker = JsonNode.Parse(File.ReadAllText(markerPath))?.AsObject() ?? throw new JsonException("empty");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new BatchOutputFolderException($"the output folder {folder} has a marker ({MarkerFileName}) that cannot be read: {e.Message}; pass --force to take the folder over");
            }

            foreach (var name in marker["foreign_files"]?.AsArray() ?? []) if (name?.GetValue<string>() is { } n) foreign.Add(n);
            var owner = marker["batch_id"]?.GetValue<string>();
            if (string.Equals(owner, batchId, StringComparison.Ordinal)) return foreign;
            if (!takeOver)
            {
                throw new BatchOutputFolderException(
                    $"the output folder {folder} belongs to another batch (batch id {owner}; this ledger's batch is {batchId}): a second ledger, or a new one after the first was deleted, " +
                    "would replace its images; use another --out, the batch's own ledger, or --force to take the folder over (its existing files are kept, never replaced)");
            }
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith(".nanobanana-batch", StringComparison.Ordinal)) foreign.Add(name);
        }

        var json = new JsonObject
        {
            ["batch_id"] = batchId,
            ["foreign_files"] = new JsonArray([.. foreign.Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]),
        };
        var temporary = markerPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                json.WriteTo(writer); // the node writes itself: no reflection (Native AOT)
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, markerPath, overwrite: true);
        return foreign;
    }
}
