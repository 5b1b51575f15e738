using System.ComponentModel.DataAnnotations;
using SummaryBot.Core.AzureOpenAI;

namespace SummaryBot.Tests.AzureOpenAI;

public sealed class AzureOpenAIOptionsTests
{
    private static List<string> Errors(AzureOpenAIOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Fact]
    public void Validate_NothingSet_IsValidAndNotConfigured()
    {
        var options = new AzureOpenAIOptions();

        Assert.Empty(Errors(options));
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void Validate_EndpointWithoutDeployment_NamesDeploymentKey()
    {
        var errors = Errors(new AzureOpenAIOptions { Endpoint = "https://res.openai.azure.com/" });

        Assert.Equal(["AzureOpenAI:Deployment is required when AzureOpenAI:Endpoint is set."], errors);
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("ApiKey")]
    public void Validate_SettingWithoutEndpoint_NamesEndpointKey(string key)
    {
        var options = key == "Deployment" ? new AzureOpenAIOptions { Deployment = "gpt-4o" } : new AzureOpenAIOptions { ApiKey = "secret" };

        var error = Assert.Single(Errors(options));

        Assert.Equal($"AzureOpenAI:Endpoint is required when AzureOpenAI:{key} is set.", error);
    }

    [Theory]
    [InlineData("http://res.openai.azure.com/")]
    [InlineData("res.openai.azure.com")]
    [InlineData("https://res.openai.azure.com/?api-version=1")]
    public void Validate_BadEndpoint_SaysHttpsIsRequired(string endpoint)
    {
        var error = Assert.Single(Errors(new AzureOpenAIOptions { Endpoint = endpoint, Deployment = "gpt-4o" }));

        Assert.StartsWith("AzureOpenAI:Endpoint must be an absolute https URI", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoopbackHttpEndpoint_IsAccepted()
    {
        Assert.Empty(Errors(new AzureOpenAIOptions { Endpoint = "http://127.0.0.1:5050/", Deployment = "gpt-4o" }));
    }

    [Fact]
    public void Validate_DeploymentWithSlash_NamesDeploymentKey()
    {
        var error = Assert.Single(Errors(new AzureOpenAIOptions { Endpoint = "https://res.openai.azure.com/", Deployment = "a/b" }));

        Assert.StartsWith("AzureOpenAI:Deployment must be", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeNumbers_NameTheirKeys()
    {
        var errors = Errors(new AzureOpenAIOptions { MaxInputTokens = 5, MaxRetries = 50, Timeout = TimeSpan.Zero });

        Assert.Contains(errors, e => e.StartsWith("AzureOpenAI:MaxInputTokens", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AzureOpenAI:MaxRetries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AzureOpenAI:Timeout", StringComparison.Ordinal));
    }
}
