namespace SummaryBot.Core.Topics;

internal enum LexemeKind
{
    Word,
    Quoted,
    Open,
    Close,
    Dash,
    Slash,
    Minus,
    And,
    Or,
    Not,
}

/// <summary>A piece of a topic; <paramref name="Position"/> is 1-based for error messages.</summary>
internal sealed record Lexeme(LexemeKind Kind, string Text, int Position);

/// <summary>A topic that cannot be parsed; the message is shown to the subscriber.</summary>
internal sealed class TopicSyntaxException(string message) : Exception(message);

/// <summary>
/// Cuts a topic into words, quoted phrases, parentheses and operators. A hyphen is a relation when it has
/// a space after it (<c>Russia - Ukraine</c>), a negation when it starts a word (<c>-Ukraine</c>), and part
/// of the word otherwise (<c>Kim Jong-un</c>, <c>Guinea-Bissau</c>). Operators are upper-case only, because
/// <c>and</c> is part of names such as <c>Bosnia and Herzegovina</c>.
/// </summary>
internal static class TopicLexer
{
    public static List<Lexeme> Lex(string input)
    {
        var lexemes = new List<Lexeme>();
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                lexemes.Add(new Lexeme(LexemeKind.Open, "(", ++i));
            }
            else if (c == ')')
            {
                lexemes.Add(new Lexeme(LexemeKind.Close, ")", ++i));
            }
            else if (IsOpenQuote(c))
            {
                var close = input.AsSpan(i + 1).IndexOfAny("\"”“»");
                if (close < 0)
                {
                    throw new TopicSyntaxException($"The quote at position {i + 1} is never closed; add a closing \".");
                }

                var text = string.Join(' ', input.Substring(i + 1, close).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (text.Length == 0)
                {
                    throw new TopicSyntaxException($"The quotes at position {i + 1} are empty; put a phrase between them.");
                }

                lexemes.Add(new Lexeme(LexemeKind.Quoted, text, i + 1));
                i += close + 2;
            }
            else if (c is '–' or '—' or '‒' or '―')
            {
                lexemes.Add(new Lexeme(LexemeKind.Dash, c.ToString(), ++i));
            }
            else if (c == '/')
            {
                lexemes.Add(new Lexeme(LexemeKind.Slash, "/", ++i));
            }
            else if (IsHyphen(c) && (i + 1 == input.Length || char.IsWhiteSpace(input[i + 1]) || IsHyphen(input[i + 1])))
            {
                var start = i;
                while (i < input.Length && IsHyphen(input[i]))
                {
                    i++;
                }

                lexemes.Add(new Lexeme(LexemeKind.Dash, "-", start + 1));
            }
            else if (IsHyphen(c))
            {
                lexemes.Add(new Lexeme(LexemeKind.Minus, "-", ++i));
            }
            else
            {
                var start = i;
                while (i < input.Length && !EndsWord(input, i))
                {
                    i++;
                }

                var word = input[start..i];
                var kind = word switch
                {
                    "AND" or "&" or "&&" => LexemeKind.And,
                    "OR" or "|" or "||" => LexemeKind.Or,
                    "NOT" => LexemeKind.Not,
                    _ => LexemeKind.Word,
                };
                lexemes.Add(new Lexeme(kind, word, start + 1));
            }
        }

        return lexemes;
    }

    private static bool IsOpenQuote(char c) => c is '"' or '“' or '„' or '«' or '”';

    private static bool IsHyphen(char c) => c is '-' or '−';

    private static bool EndsWord(string input, int i)
    {
        var c = input[i];
        if (char.IsWhiteSpace(c) || c is '(' or ')' or '/' or '–' or '—' or '‒' or '―' || IsOpenQuote(c) || c == '»')
        {
            return true;
        }

        // A hyphen followed by a space or another hyphen ends the word: "Russia- Ukraine", "Russia--Ukraine".
        return IsHyphen(c) && (i + 1 == input.Length || char.IsWhiteSpace(input[i + 1]) || IsHyphen(input[i + 1]));
    }
}
