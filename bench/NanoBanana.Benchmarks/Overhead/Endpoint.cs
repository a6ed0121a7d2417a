namespace NanoBanana.Benchmarks.Overhead;

/// <summary>What answers the per-call benchmarks' requests.</summary>
public enum Endpoint
{
    /// <summary>An in-memory handler returning canned bytes: the client's own cost.</summary>
    InMemory,

    /// <summary>A minimal Kestrel endpoint on 127.0.0.1: the client plus a real socket round trip.</summary>
    Loopback,
}
