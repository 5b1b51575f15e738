using System.Diagnostics.Metrics;

namespace SummaryBot.Core.Telemetry;

/// <summary>
/// SummaryBot's own metrics, on the <see cref="MeterName"/> meter, emitted the same way by every host
/// (the Functions worker exports them to Azure Monitor; any listener can read them in the CLI):
/// articles by outcome, alerts by outcome, model calls and fallbacks, and how long an article waits
/// from its arrival (the pipeline receiving it) to its first alert.
/// </summary>
public sealed class SummaryBotMetrics
{
    public const string MeterName = "SummaryBot";
    public const string ArticlesName = "summarybot.articles";
    public const string AlertsName = "summarybot.alerts";
    public const string ModelCallsName = "summarybot.model.calls";
    public const string ModelFallbacksName = "summarybot.model.fallbacks";
    public const string ArrivalToAlertName = "summarybot.alert.latency";

    private readonly Counter<long> _articles;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _modelCalls;
    private readonly Counter<long> _modelFallbacks;
    private readonly Histogram<double> _arrivalToAlert;

    public SummaryBotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _articles = meter.CreateCounter<long>(ArticlesName, "{article}", "Articles handled, by status: processed, duplicate or rejected.");
        _alerts = meter.CreateCounter<long>(AlertsName, "{alert}", "Alerts by outcome: sent, edited (another outlet added) or failed (given up for a chat).");
        _modelCalls = meter.CreateCounter<long>(ModelCallsName, "{call}", "Requests to Azure OpenAI, by operation.");
        _modelFallbacks = meter.CreateCounter<long>(ModelFallbacksName, "{fallback}", "Model answers not used (failure or unusable reply), by operation.");
        _arrivalToAlert = meter.CreateHistogram<double>(ArrivalToAlertName, "s", "Time from the pipeline receiving an article to its alert being sent.");
    }

    /// <param name="status">processed, duplicate or rejected.</param>
    public void ArticleHandled(string status) => _articles.Add(1, new KeyValuePair<string, object?>("status", status));

    public void AlertSent() => _alerts.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));

    public void AlertEdited() => _alerts.Add(1, new KeyValuePair<string, object?>("outcome", "edited"));

    public void AlertFailed() => _alerts.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));

    /// <param name="operation">What the model was asked for (summarize).</param>
    public void ModelCalled(string operation) => _modelCalls.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void ModelFellBack(string operation) => _modelFallbacks.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void AlertedAfter(TimeSpan sinceArrival) => _arrivalToAlert.Record(sinceArrival.TotalSeconds);
}
