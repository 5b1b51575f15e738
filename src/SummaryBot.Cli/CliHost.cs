using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
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
        builder.Logging.AddConsole(o => o.FormatterName = OneLineConsoleFormatter.FormatterName)
            .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>();
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Warnings by default; the standard Logging section (summarybot.json, Logging__LogLevel__*
        // variables) sets levels per category; --verbose makes the default Information.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (verbose)
        {
            builder.Logging.AddFilter(level => level >= LogLevel.Information);
        }

        // HttpClient logs print request URLs, and Telegram's carry the bot token: registered last, so
        // that no Logging setting can turn them on.
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
