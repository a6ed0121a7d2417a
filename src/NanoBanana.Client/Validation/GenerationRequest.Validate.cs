namespace NanoBanana.Client;

// Hand-written part of the generated request type: validation reachable from the request itself.
public partial class GenerationRequest
{
    /// <summary>
    /// Checks this request against the contract's limits without sending anything: the same check
    /// <see cref="INanoBananaClient.StartGenerationAsync(GenerationRequest, CancellationToken)"/> and
    /// <see cref="INanoBananaClient.GenerateAsync(GenerationRequest, TimeSpan?, CancellationToken)"/> run before
    /// their request. Use it to reject bad input early (a form, a command line) before starting any work.
    /// </summary>
    /// <exception cref="GenerationRequestValidationException">A limit is broken; <see cref="GenerationRequestValidationException.Field"/>
    /// names the first such field as the wire spells it, <see cref="GenerationRequestValidationException.Limit"/> the limit.</exception>
    public void Validate() => GenerationRequestValidator.Validate(this);
}
