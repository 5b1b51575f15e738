namespace SummaryBot.Tests.Storage;

/// <summary>A tiny JSON document for the store tests: concurrent increments must never lose one.</summary>
internal sealed record Counter(int Value);
