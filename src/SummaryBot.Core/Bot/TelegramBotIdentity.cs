using Telegram.Bot;
using Telegram.Bot.Types;

namespace SummaryBot.Core.Bot;

/// <summary>The bot's own user (id and @username), fetched once with getMe.</summary>
public sealed class TelegramBotIdentity(ITelegramBotClient bot) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private User? _me;

    public async Task<User> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_me is { } me)
        {
            return me;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _me ??= await bot.GetMe(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
