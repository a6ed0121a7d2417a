namespace NanoBanana.Cli;

/// <summary>Thrown inside a command to end it with a prepared <see cref="CliError"/>.</summary>
internal sealed class CliErrorException(CliError error) : Exception(error.Message)
{
    /// <summary>The failure to report.</summary>
    public CliError Error { get; } = error;
}
