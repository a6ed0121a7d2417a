namespace NanoBanana.Client;

// Hand-written part of the request: validation reachable from the request itself.
public sealed partial class GenerationRequest
{
    /// <summary>
    /// Checks this request without sending anything: the contract's limits (which every start checks too), and, unlike a
    /// start, that the model, aspect ratio and resolution are values this client version knows (a start sends a value the
    /// contract gained later as it is, for the API to judge). Use it to reject bad input early (a form, a command line).
    /// </summary>
    /// <exception cref="GenerationRequestValidationException">A limit is broken, or a value is unknown; <see cref="GenerationRequestValidationException.Field"/>
    /// names the first such field as the wire spells it, <see cref="GenerationRequestValidationException.Limit"/> the limit.</exception>
    public void Validate() => GenerationRequestValidator.Validate(this, knownValuesOnly: true);
}
