namespace NanoBanana.Client;

// Checking a generation request without sending it.
public sealed partial class NanoBananaClient
{
    /// <summary>
    /// Checks <paramref name="request"/> against the contract's limits without sending anything: the same check
    /// <see cref="CreateTaskAsync"/> and <see cref="GenerateAsync"/> run before their first request. Use it to
    /// reject bad input early (a form, a command line) before starting any work.
    /// </summary>
    /// <param name="request">The generation request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="GenerationRequestValidationException">A limit is broken; <see cref="GenerationRequestValidationException.Field"/>
    /// names the first such field as the wire spells it, <see cref="GenerationRequestValidationException.Limit"/> the limit.</exception>
    public static void Validate(GenerationRequest request) => GenerationRequestValidator.Validate(request);
}
