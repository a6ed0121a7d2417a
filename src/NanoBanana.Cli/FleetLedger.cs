using NanoBanana.Batch;
using NanoBanana.Postgres;
using Npgsql;

namespace NanoBanana.Cli;

/// <summary>
/// <c>--ledger</c> when it names a PostgreSQL database (<c>postgres://...</c> or a connection string) rather than a
/// file: the ledger many workers share, and the batch in it (<c>--batch NAME</c>).
/// </summary>
internal static class FleetLedger
{
    /// <summary>Whether <paramref name="ledger"/> names a database rather than a file.</summary>
    public static bool IsDatabase(string? ledger) => PostgresConnectionString.IsPostgres(ledger);

    /// <summary>The Npgsql connection string, or bad input (exit 2) naming the option.</summary>
    public static string ConnectionString(string ledger)
    {
        try
        {
            return PostgresConnectionString.Parse(ledger);
        }
        catch (ArgumentException e)
        {
            throw new CliErrorException(CliError.Validation("--ledger: " + e.Message));
        }
    }

    /// <summary>The batch name for a file planned without <c>--batch</c>: from its content, so planning it again finds the same batch.</summary>
    public static string DefaultBatchName(string inputHash) => "batch-" + inputHash[..Math.Min(16, inputHash.Length)].ToLowerInvariant();

    /// <summary>The only batch with work left, or bad input naming the candidates.</summary>
    public static async Task<string> TheUnfinishedBatchAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var batches = await PostgresGenerationLedger.ListUnfinishedBatchesAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return batches.Count switch
        {
            1 => batches[0],
            0 => throw new CliErrorException(CliError.Validation("--batch: the ledger database holds no batch with work left; plan one with `nanobanana batch FILE --ledger ...`")),
            _ => throw new CliErrorException(CliError.Validation($"--batch: the ledger database holds {batches.Count} batches with work left ({string.Join(", ", batches.Take(5))}); name one")),
        };
    }

    /// <summary>Opens the batch <paramref name="batch"/> of the database <paramref name="ledger"/> (a ledger error otherwise).</summary>
    public static async Task<PostgresGenerationLedger> OpenAsync(string ledger, string batch, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresGenerationLedger.OpenAsync(ConnectionString(ledger), batch, time, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliErrorException(CliError.Validation("--batch: " + e.Message));
        }
    }
}
