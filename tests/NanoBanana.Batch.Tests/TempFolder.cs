namespace NanoBanana.Batch.Tests;

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nb-batch-" + Guid.NewGuid().ToString("N")[..12]);

    public string Ledger => System.IO.Path.Combine(Path, ".nanobanana-batch.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
