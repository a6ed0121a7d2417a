using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NanoBanana.AspNetCore;
using NanoBanana.Client;
using NanoBanana.Postgres;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL parts of a fleet with the .NET host.</summary>
public static class NanoBananaPostgresServiceCollectionExtensions
{
    /// <summary>
    /// Shares a service's callback state through PostgreSQL: registers <see cref="PostgresCallbackStore"/> as the
    /// <see cref="INanoBananaCallbackStore"/> (a handler runs once per task and status across replicas) and
    /// <see cref="PostgresTaskNotifier"/> as the <see cref="INanoBananaTaskNotifier"/> (a callback any replica confirms
    /// ends the waits on every replica). At start-up the schema is created or migrated and the notifier starts
    /// listening, before the host reports started. Call it on every replica, with <c>AddNanoBananaClient</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgres://</c> URL.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaPostgres(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var parsed = PostgresConnectionString.Parse(connectionString);
        services.TryAddSingleton(sp => new NanoBananaPostgresDatabase(
            new NpgsqlDataSourceBuilder(parsed).UseLoggerFactory(sp.GetService<ILoggerFactory>()).Build()));
        services.TryAddSingleton(sp => new PostgresTaskNotifier(
            sp.GetRequiredService<NanoBananaPostgresDatabase>().DataSource,
            sp.GetService<ILogger<PostgresTaskNotifier>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<INanoBananaTaskNotifier>(sp => sp.GetRequiredService<PostgresTaskNotifier>());
        services.TryAddSingleton(sp => new PostgresCallbackStore(sp.GetRequiredService<NanoBananaPostgresDatabase>().DataSource, sp.GetService<TimeProvider>()));
        services.TryAddSingleton<INanoBananaCallbackStore>(sp => sp.GetRequiredService<PostgresCallbackStore>());
        services.AddHostedService<Startup>();
        return services;
    }

    /// <summary>The data source of the package (kept apart from any <see cref="NpgsqlDataSource"/> the application registers).</summary>
    internal sealed class NanoBananaPostgresDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
    {
        public NpgsqlDataSource DataSource { get; } = dataSource;

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();
    }

    /// <summary>Schema first, then the client (which subscribes to the notifier), then waits until the notifier listens.</summary>
    private sealed class Startup(IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await PostgresSchema.EnsureAsync(services.GetRequiredService<NanoBananaPostgresDatabase>().DataSource, cancellationToken).ConfigureAwait(false);
            if (services.GetService<INanoBananaClient>() is null) return;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await services.GetRequiredService<PostgresTaskNotifier>().WhenListeningAsync(timeout.Token).ConfigureAwait(false);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
