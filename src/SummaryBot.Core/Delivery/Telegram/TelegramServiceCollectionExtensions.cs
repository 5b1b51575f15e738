using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace SummaryBot.Core.Delivery.Telegram;

public static class TelegramServiceCollectionExtensions
{
    public const string HttpClientName = "telegram";

    /// <summary>True when <c>Telegram:BotToken</c> is set, i.e. the bot is on.</summary>
    public static bool IsTelegramConfigured(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?.GetSection(TelegramOptions.SectionName)[nameof(TelegramOptions.BotToken)]);

    /// <summary>
    /// Telegram as a way out: options, the Bot API client over an HttpClient whose logging is removed
    /// (the token is in every URL) with rate limiting and the standard resilience handler (timeouts;
    /// retries of reads only), and the outbox. The bot's side
    /// (updates, commands, webhook, polling) is registered by <c>Bot/</c>.
    /// </summary>
    public static IServiceCollection AddSummaryBotTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.IsEnabled, "Telegram:BotToken must be set to use Telegram.")
            .ValidateOnStart();

        services.AddSingleton<TelegramRateLimiter>();
        services.AddTransient<TelegramRateLimitHandler>();
        var resilience = services.AddHttpClient(HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // Per attempt: TelegramResilience.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The rate limiter outside the timeout: waiting for a turn is not time the request spent
            // on the way, so it never turns a message that was not sent into an unanswered one.
            .AddHttpMessageHandler<TelegramRateLimitHandler>()
            .AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(resilience.PipelineName)
            .Configure<IOptions<TelegramOptions>>((options, telegram) => TelegramResilience.Configure(options, telegram.Value));

        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var baseUrl = options.ApiBaseUrl.GetLeftPart(UriPartial.Authority);
            var clientOptions = new TelegramBotClientOptions(
                options.BotToken!,
                string.Equals(baseUrl, "https://api.telegram.org", StringComparison.OrdinalIgnoreCase) ? null : baseUrl)
            {
                // A 429 reaches the caller: the outbox queue brings the message back after retry_after.
                RetryThreshold = 0,
                RetryCount = 0,
            };
            return new TelegramBotClient(clientOptions, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName));
        });

        services.AddSingleton<TelegramOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TelegramOutbox>());
        return services;
    }
}
