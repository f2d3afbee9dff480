using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Silo.Tests.Infrastructure;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// The embedded broker's TLS listener (a real mosquitto_pub and an MQTTnet client over TLS, a plain client refused)
/// and its per-sensor message rate.
/// </summary>
public sealed class BrokerTlsAndRateTests
{
    [Fact]
    public async Task Devices_publish_over_TLS_on_the_TLS_port_and_a_plain_client_there_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("warning-tls-").FullName;
        var (certFile, keyFile, certificate) = SelfSigned(dir);
        var tlsPort = FreePort.Next();
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: SecuredRegistry.Text, settings:
            ["--Mqtt:AllowAnonymous=false", $"--Mqtt:TlsCertificate={certFile}", $"--Mqtt:TlsKey={keyFile}", $"--Mqtt:TlsPort={tlsPort}"]);

        await RedOverTls(tlsPort, certFile, "-u", "TEST-RAIN-01", "-P", SecuredRegistry.Secret);
        await Eventually.Until(async () => (await engine.Warnings("?level=red")).Count == 1, TimeSpan.FromSeconds(10), "red warning from the TLS reading");

        // An MQTTnet device that pins the broker's certificate.
        using (var device = new MqttClientFactory().CreateMqttClient())
        {
            var connected = await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", tlsPort).WithClientId("gauge-01")
                .WithCredentials("TEST-RAIN-01", SecuredRegistry.Secret)
                .WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(c => c.Certificate.GetCertHashString() == certificate.Thumbprint))
                .Build());
            Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
            var published = await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("sensors/rain/TEST-RAIN-01/telemetry")
                .WithPayload(Engine.Reading("2021-07-20T15:05:00+08:00", 2, 1)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(published.IsSuccess || published.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish over TLS: {published.ReasonCode}");
        }

        // Plain MQTT on the TLS port gets no session.
        using var plain = new MqttClientFactory().CreateMqttClient();
        await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", tlsPort)
            .WithCredentials("TEST-RAIN-01", SecuredRegistry.Secret).WithTimeout(TimeSpan.FromSeconds(3)).Build()));
        await Eventually.Until(async () => (await engine.Http.GetStringAsync("/api/sensors/TEST-RAIN-01")).Contains("\"readings\":2"),
            TimeSpan.FromSeconds(10), "both TLS readings taken");
    }

    [Fact]
    public async Task The_engine_subscribes_to_an_external_mosquitto_over_TLS()
    {
        var dir = Directory.CreateTempSubdirectory("warning-tls-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);   // mosquitto runs as its own user and reads the files
        var (certFile, keyFile, _) = SelfSigned(dir);
        await using var influx = await InfluxServer.StartNew();
        await using var broker = await MosquittoServer.StartNew(tls: (certFile, keyFile));
        await using var engine = await Engine.Start(influx.Url, externalBroker: $"127.0.0.1:{broker.Port}", settings:
            ["--Mqtt:ExternalTls=true", $"--Mqtt:ExternalCaFile={certFile}"]);

        await RedOverTls(broker.Port, certFile);
        await Eventually.Until(async () => (await engine.Warnings("?level=red")).Count == 1, TimeSpan.FromSeconds(10), "red warning through mosquitto over TLS");
    }

    [Fact]
    public void A_broker_certificate_is_trusted_only_if_it_chains_to_the_configured_CA_and_names_the_host()
    {
        var dir = Directory.CreateTempSubdirectory("warning-tls-").FullName;
        var (_, _, broker) = SelfSigned(dir);
        var (_, _, stranger) = SelfSigned(Directory.CreateTempSubdirectory("warning-tls-").FullName);
        var ours = new X509Certificate2Collection(broker);
        Assert.True(Warning.Ingest.Mqtt.BrokerTrust.Trusted(broker, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, ours));
        Assert.False(Warning.Ingest.Mqtt.BrokerTrust.Trusted(stranger, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, ours));
        Assert.False(Warning.Ingest.Mqtt.BrokerTrust.Trusted(broker, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, ours));
    }

    [Fact]
    public async Task A_certificate_that_is_not_there_stops_the_engine_naming_the_key()
    {
        await using var influx = await InfluxServer.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, settings: ["--Mqtt:TlsCertificate=/nonexistent/broker.pem"]));
        Assert.Contains("Mqtt:TlsCertificate", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sensor_flooding_the_broker_is_slowed_and_another_sensor_goes_on()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Mqtt:PerSensorPerSecond=2"]);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithClientId("flood").Build());

        var codes = new List<MqttClientPublishReasonCode>();
        var start = DateTimeOffset.Parse("2021-07-20T00:00:00+08:00");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
            codes.Add((await client.PublishAsync(Message("TEST-RAIN-01", start.AddMinutes(i), i))).ReasonCode);
        var taken = codes.Count(c => c is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers);
        // The burst of 20, and the 2 a second the time spent publishing replenished (whole seconds, as the bucket refills).
        Assert.InRange(taken, 20, 20 + 2 * ((int)clock.Elapsed.TotalSeconds + 1));
        Assert.Equal(60 - taken, codes.Count(c => c == MqttClientPublishReasonCode.QuotaExceeded));
        Assert.NotEqual(MqttClientPublishReasonCode.QuotaExceeded, (await client.PublishAsync(Message("TEST-RAIN-02", start, 1))).ReasonCode);
        Assert.Contains("reason=\"rate-limited\"", await engine.Metrics(), StringComparison.Ordinal);
        await Eventually.Until(async () => (await engine.Http.GetStringAsync("/api/sensors/TEST-RAIN-01")).Contains($"\"readings\":{taken}"),
            TimeSpan.FromSeconds(10), $"the {taken} taken readings, no more");
    }

    /// <summary>mosquitto's own client publishes a 120 mm reading for TEST-RAIN-01 over TLS, checking the broker against <paramref name="caFile"/>.</summary>
    private static async Task RedOverTls(int port, string caFile, params string[] login)
    {
        using var pub = Process.Start(new ProcessStartInfo("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", port.ToString(), "--cafile", caFile, .. login, "-q", "1",
             "-t", "sensors/rain/TEST-RAIN-01/telemetry", "-m", Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120)])
        { RedirectStandardError = true })!;
        await pub.WaitForExitAsync();
        Assert.True(pub.ExitCode == 0, "mosquitto_pub over TLS: " + await pub.StandardError.ReadToEndAsync());
    }

    private static MqttApplicationMessage Message(string sensor, DateTimeOffset ts, int seq) => new MqttApplicationMessageBuilder()
        .WithTopic($"sensors/rain/{sensor}/telemetry").WithPayload(Engine.Reading(ts.ToString("O"), seq, 0.1))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static (string Cert, string Key, X509Certificate2 Certificate) SelfSigned(string dir)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=warning-broker", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true)); // its own CA, for mosquitto_pub --cafile
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var cert = Path.Combine(dir, "broker.pem");
        var key = Path.Combine(dir, "broker.key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key, certificate);
    }
}
