using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Hosting;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Delivery.Telegram;

public sealed class TelegramOptionsTests
{
    [Theory]
    [InlineData("Telegram:BotToken", "not-a-token-secretpart", "Telegram:BotToken")]
    [InlineData("Telegram:BotToken", "12345:has spaces", "Telegram:BotToken")]
    [InlineData("Telegram:WebhookSecret", "has spaces!", "Telegram:WebhookSecret")]
    [InlineData("Telegram:ApiBaseUrl", "ftp://example.com", "Telegram:ApiBaseUrl")]
    [InlineData("Telegram:ApiBaseUrl", "http://example.com", "Telegram:ApiBaseUrl")]
    [InlineData("Telegram:MaxMessagesPerSecond", "31", "Telegram:MaxMessagesPerSecond")]
    public void Validate_BadValue_NamesTheKeyWithoutEchoingSecrets(string key, string value, string expected)
    {
        using var services = Build(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(e.Failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("secretpart", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSummaryBot_WithToken_UsesTelegramOutbox()
    {
        using var services = Build([]);

        Assert.IsType<TelegramOutbox>(services.GetRequiredService<IOutbox>());
        Assert.Equal(new Uri("http://127.0.0.1:9"), services.GetRequiredService<IOptions<TelegramOptions>>().Value.ApiBaseUrl);
    }

    [Fact]
    public void AddSummaryBot_WithoutToken_KeepsConsoleOutbox()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        using var services = new ServiceCollection().AddLogging().AddSummaryBot(configuration).BuildServiceProvider();

        Assert.IsType<ConsoleOutbox>(services.GetRequiredService<IOutbox>());
        Assert.Null(services.GetService<BotUpdateHandler>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApiServer.Token,
            ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9",
        };
        foreach (var (key, value) in values)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSummaryBot(configuration).BuildServiceProvider();
    }
}
