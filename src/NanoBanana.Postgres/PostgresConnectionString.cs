using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>Reads a PostgreSQL address as users write it: a <c>postgres://</c> (or <c>postgresql://</c>) URL, or an Npgsql connection string.</summary>
public static class PostgresConnectionString
{
    /// <summary>Whether <paramref name="value"/> names a PostgreSQL database (a <c>postgres://</c> URL, or a connection string with a host).</summary>
    /// <param name="value">A command-line or configuration value.</param>
    public static bool IsPostgres(string? value) =>
        value is not null && (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The Npgsql connection string for <paramref name="value"/>: <c>postgres://user:password@host:port/database?sslmode=require</c>
    /// (query parameters are Npgsql keywords), or an Npgsql connection string, returned as it is.
    /// </summary>
    /// <param name="value">The URL or connection string.</param>
    /// <exception cref="ArgumentException">The value is neither.</exception>
    public static string Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"not a PostgreSQL URL or connection string: {e.Message}", nameof(value), e);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException("a PostgreSQL URL looks like postgres://user:password@host:5432/database", nameof(value));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port };
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            try
            {
                builder[key] = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"the PostgreSQL URL's parameter '{key}' is not a connection setting: {e.Message}", nameof(value), e);
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection string without its password, for messages.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
