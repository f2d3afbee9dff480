using Warning.Publication.Confirmation;

namespace Warning.Publication.Tests.Confirmation;

/// <summary>Links and reply codes: the same under the same key, refused when forged or made under another key.</summary>
public sealed class ConfirmationTokensTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-cluster";

    [Fact]
    public void A_token_verifies_to_its_id_under_the_same_key_on_another_silo()
    {
        var token = new ConfirmationTokens(Key).Token("620522100201-rainstorm-20210720T070000Z", 1, "officer-a");
        Assert.Equal(ConfirmationTokens.TokenLength, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);   // safe in a URL path as it is
        Assert.Equal(ConfirmationTokens.IdOf("620522100201-rainstorm-20210720T070000Z", 1, "officer-a"), new ConfirmationTokens(Key).Verify(token));
    }

    [Fact]
    public void A_forged_or_foreign_token_is_refused()
    {
        var tokens = new ConfirmationTokens(Key);
        var token = tokens.Token("W", 1, "officer-a");
        var flipped = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        Assert.Null(tokens.Verify(flipped));
        Assert.Null(tokens.Verify(ConfirmationTokens.IdOf("W", 1, "officer-b") + token[ConfirmationTokens.IdLength..]));   // another's id, this signature
        Assert.Null(new ConfirmationTokens("another-key-another-key-another-key!").Verify(token));
        Assert.Null(tokens.Verify(token[..^1]));
        Assert.Null(tokens.Verify(null));
    }

    [Fact]
    public void Reply_codes_are_four_digits_stable_per_request_and_differ_between_requests()
    {
        var tokens = new ConfirmationTokens(Key);
        var code = tokens.Code("W", 1, "officer-a");
        Assert.Matches(@"^\d{4}$", code);
        Assert.Equal(code, new ConfirmationTokens(Key).Code("W", 1, "officer-a"));
        var codes = Enumerable.Range(0, 50).Select(i => tokens.Code("W", 1, $"officer-{i}")).ToHashSet();
        Assert.True(codes.Count >= 45, $"only {codes.Count} distinct codes of 50");
    }

    [Fact]
    public void The_options_refuse_a_short_key_levels_that_are_not_levels_and_escalate_before_repeat()
    {
        var bad = new ConfirmOptions { Key = "short", Levels = "red,purple", Repeat = TimeSpan.FromMinutes(10), Escalate = TimeSpan.FromMinutes(5) };
        var errors = bad.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(bad)).SelectMany(e => e.MemberNames).ToList();
        Assert.Equal(["Levels", "Escalate", "Key"], errors);
        Assert.Empty(new ConfirmOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new ConfirmOptions())));
        Assert.True(new ConfirmOptions().Asks("red"));
        Assert.False(new ConfirmOptions().Asks("yellow"));
    }

    [Fact]
    public void Drill_answers_parse_per_role_and_answer_the_same_officials_every_time()
    {
        var drill = DrillAnswers.Parse("village-officer=0.8:PT2M, township-officer=1:00:01:00", out var error);
        Assert.Null(error);
        Assert.Equal((0.8, TimeSpan.FromMinutes(2)), drill.Roles["village-officer"]);
        Assert.Equal((1.0, TimeSpan.FromMinutes(1)), drill.Roles["township-officer"]);
        var t0 = DateTimeOffset.UnixEpoch;
        Assert.False(drill.Answers("W", "t", "township-officer", t0, t0 + TimeSpan.FromSeconds(59)));
        Assert.True(drill.Answers("W", "t", "township-officer", t0, t0 + TimeSpan.FromMinutes(1)));
        Assert.False(drill.Answers("W", "c", "county-desk", t0, t0 + TimeSpan.FromDays(1)));   // not named: never answers
        var share = Enumerable.Range(0, 1000).Count(i => drill.Answers("W", $"v{i}", "village-officer", t0, t0 + TimeSpan.FromHours(1)));
        Assert.InRange(share, 750, 850);
        DrillAnswers.Parse("village-officer=1.5:PT2M", out error);
        Assert.Contains("village-officer=1.5:PT2M", error);
        DrillAnswers.Parse("village-officer:PT2M", out error);
        Assert.NotNull(error);
    }
}
