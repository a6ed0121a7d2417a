using NanoBanana.Simulator;

namespace NanoBanana.Testing;

/// <summary>Edited copies of the contract, as a contributor would make them, for tests that start a simulator on one.</summary>
public static class ContractCopies
{
    /// <summary>The contract the simulator embeds (<c>openapi/v1/nano-banana-2-lite.yaml</c> at build time).</summary>
    public static string Embedded()
    {
        using var stream = typeof(NanoBananaSimulator).Assembly.GetManifestResourceStream("NanoBanana.Simulator.nano-banana-2-lite.yaml")
                           ?? throw new InvalidOperationException("the simulator embeds no contract");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The contract with an optional task field <c>seed</c> added (an integer, <c>example: 42</c>) and the task field
    /// <paramref name="removed"/> (such as <c>completed_at</c>) taken out.
    /// </summary>
    public static string WithSeedAddedAndTaskFieldRemoved(string removed)
    {
        var spec = Embedded();
        var start = spec.IndexOf($"\n        {removed}:\n", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"the task has no field '{removed}'");
        var end = spec.IndexOf('\n', start + 1) + 1;
        while (spec.AsSpan(end).StartsWith("          ", StringComparison.Ordinal)) end = spec.IndexOf('\n', end) + 1;
        spec = spec[..(start + 1)] + spec[end..];

        const string anchor = "        output:\n          $ref: '#/components/schemas/TaskOutput'\n";
        if (!spec.Contains(anchor, StringComparison.Ordinal)) throw new InvalidOperationException("the task has no output field to add 'seed' after");
        return spec.Replace(anchor, anchor + """
                    seed:
                      type: integer
                      format: int64
                      minimum: 0
                      example: 42
                      description: The seed the image was generated with.

            """, StringComparison.Ordinal);
    }
}
