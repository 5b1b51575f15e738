namespace SummaryBot.Core.Storage;

/// <summary>A deserialized document together with the ETag it was read at.</summary>
public sealed record Versioned<T>(T Value, string ETag);
