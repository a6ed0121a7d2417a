namespace NanoBanana.Benchmarks.Polling;

/// <summary>The facade's wait policies (default and tuned settings), driven through its real wait.</summary>
internal static class FacadePolicies
{
    public const string Note = "The facade is not merged yet: only the fixed-interval pollers ran.";

    public static IEnumerable<PollingPolicy> All() => [];
}
