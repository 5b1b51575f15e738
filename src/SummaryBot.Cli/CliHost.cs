using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Hosting;

namespace SummaryBot.Cli;

/// <summary>
/// Builds the CLI's host: embedded defaults, then an optional <c>summarybot.json</c> in the working
/// directory, then environment variables (<c>Storage__ConnectionString</c>), then command options.
/// </summary>
internal static class CliHost
{
    public static IHost Build(ParseResult parse, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "summarybot.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides.Where(kv => kv.Value is not null));

        var verbose = parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--verbose") is { } v && parse.GetValue(v);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        // HttpClient logs print request URLs, and Telegram's carry the bot token.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None);

        builder.Services.AddSummaryBot(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Resolves a service, turning invalid configuration into a message that names the key.</summary>
    public static T Get<T>(this IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Runs the host's start-up validation; prints the problems and returns false when the configuration is invalid.</summary>
    public static bool ValidateConfiguration(this IHost host)
    {
        try
        {
            var validator = host.Services.GetService<IStartupValidator>();
            validator?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                Console.Error.WriteLine($"Configuration error: {failure}");
            }

            return false;
        }
    }
}
