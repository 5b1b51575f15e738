using System.ComponentModel.DataAnnotations;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

public sealed class StorageOptionsAzureTests
{
    private static List<string> Validate(StorageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")]
    public void Validate_AzuriteConnectionStrings_Pass(string connectionString)
    {
        Assert.Empty(Validate(new StorageOptions { ConnectionString = connectionString }));
    }

    [Fact]
    public void Validate_MalformedConnectionString_NamesTheKeyWithoutEchoingIt()
    {
        var errors = Validate(new StorageOptions { ConnectionString = "AccountName=x;AccountKey=s3cr3t-value" });

        var error = Assert.Single(errors);
        Assert.Contains("Storage:ConnectionString", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RetrySettingsOutOfRange_NameEachKey()
    {
        var options = new StorageOptions
        {
            Retry = new AzureRetryOptions { MaxRetries = 99, Delay = TimeSpan.Zero, MaxDelay = TimeSpan.FromHours(1), NetworkTimeout = TimeSpan.Zero },
        };

        var errors = Validate(options);

        Assert.Contains(errors, e => e.Contains("Storage:Retry:MaxRetries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Storage:Retry:Delay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Storage:Retry:MaxDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Storage:Retry:NetworkTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateClientOptions_RetrySettings_AreAppliedExponentially()
    {
        var options = new StorageOptions { Retry = new AzureRetryOptions { MaxRetries = 7, Delay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(20), NetworkTimeout = TimeSpan.FromSeconds(9) } };

        var client = AzureBlobStores.CreateClientOptions(options);

        Assert.Equal(Azure.Core.RetryMode.Exponential, client.Retry.Mode);
        Assert.Equal(7, client.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), client.Retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(20), client.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(9), client.Retry.NetworkTimeout);
    }
}
