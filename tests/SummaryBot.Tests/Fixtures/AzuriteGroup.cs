namespace SummaryBot.Tests.Fixtures;

/// <summary>Every test that talks to Azurite is in this collection: one Azurite for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
