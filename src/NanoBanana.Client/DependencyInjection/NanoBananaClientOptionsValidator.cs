using Microsoft.Extensions.Options;

namespace NanoBanana.Client;

/// <summary>Validates <see cref="NanoBananaClientOptions"/> at start-up (with <c>ValidateOnStart</c>).</summary>
internal sealed class NanoBananaClientOptionsValidator : IValidateOptions<NanoBananaClientOptions>
{
    public ValidateOptionsResult Validate(string? name, NanoBananaClientOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
