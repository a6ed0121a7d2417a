using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.AspNetCore;

/// <summary>
/// The shared secret of one endpoint, compared in constant time: both sides are hashed first, so neither the content
/// nor the length of the expected value shows in how long a comparison takes.
/// </summary>
internal sealed class CallbackSecret(string secret)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool Matches(string? candidate)
    {
        if (candidate is null) return false;
        var candidateHash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(candidateHash, _expectedHash);
    }

    /// <summary>Never the secret.</summary>
    public override string ToString() => "***";
}
