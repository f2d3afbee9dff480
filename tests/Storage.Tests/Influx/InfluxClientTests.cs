using Warning.Tests.Shared;
using System.Net;
using Microsoft.Extensions.Options;
using Warning.Storage.Influx;


namespace Warning.Storage.Tests.Influx;

/// <summary>
/// The v2 write path (<c>/api/v2/write</c> with a token) checked against a local HTTP listener that records the
/// request: Debian's influxd is 1.x, so no real v2 server is available here (the v1 path runs against real influxd
/// in the end-to-end tests).
/// </summary>
public sealed class InfluxClientTests
{
    [Fact]
    public async Task V2_writes_go_to_api_v2_write_with_bucket_org_precision_and_token()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var seen = (context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], await reader.ReadToEndAsync());
            context.Response.StatusCode = 204;
            context.Response.Close();
            return seen;
        });

        var options = Options.Create(new InfluxOptions { Url = $"http://127.0.0.1:{port}", ApiVersion = "v2", Database = "warning", Org = "county", Token = "s3cret" });
        using var http = new HttpClient();
        await new InfluxClient(http, options).WriteAsync("rain,region=1,sensor=A rain_mm=1 5\n", CancellationToken.None);

        var (path, auth, body) = await received;
        Assert.Equal("/api/v2/write?bucket=warning&org=county&precision=ms", path);
        Assert.Equal("Token s3cret", auth);
        Assert.Equal("rain,region=1,sensor=A rain_mm=1 5\n", body);
    }

    [Fact]
    public void A_query_error_inside_a_200_answer_is_raised()
    {
        var error = Assert.Throws<InfluxException>(() => InfluxClient.ParseQueryAnswer("""{"results":[{"statement_id":0,"error":"database not found: x"}]}"""));
        Assert.Contains("database not found: x", error.Message);
    }
}
