using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Tests.Storage;

/// <summary>The object-store contract over Azure Blob Storage, against the Azurite the tests start.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class AzureBlobObjectStoreContractTests(AzuriteFixture azurite) : ObjectStoreContractTests
{
    // A fresh container per store; listing pages of 3 make every listing test cross page boundaries.
    protected override IObjectStore CreateStore() =>
        new AzureBlobObjectStore(azurite.ServiceClient.GetBlobContainerClient(AzuriteFixture.NewContainerName("contract")), pageSize: 3);
}
