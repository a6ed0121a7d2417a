namespace NanoBanana.Client;

/// <summary>How a failure is treated, per kind of operation.</summary>
/// <param name="Transient">A read or a download tries it again (and <see cref="NanoBananaException.IsTransient"/> says so).</param>
/// <param name="CreateRetried">A create tries it again: the server certainly did not take the request.</param>
/// <param name="CreateOutcomeUnknown">A create that met it may have made (and billed) a task.</param>
internal sealed record FailureClass(bool Transient, bool CreateRetried, bool CreateOutcomeUnknown)
{
    /// <summary>Whether an operation of this kind tries the failure again.</summary>
    public bool IsRetried(bool isCreate) => isCreate ? CreateRetried : Transient;
}
