namespace NanoBanana.Client
{
    public enum AspectRatio
    {
        [System.Runtime.Serialization.EnumMember(Value="1:1")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("1:1")]
        Square = 0,
        [System.Runtime.Serialization.EnumMember(Value="1:4")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("1:4")]
        Portrait1x4 = 1,
        [System.Runtime.Serialization.EnumMember(Value="1:8")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("1:8")]
        Portrait1x8 = 2,
        [System.Runtime.Serialization.EnumMember(Value="2:3")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("2:3")]
        Portrait2x3 = 3,
        [System.Runtime.Serialization.EnumMember(Value="3:2")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("3:2")]
        Landscape3x2 = 4,
        [System.Runtime.Serialization.EnumMember(Value="3:4")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("3:4")]
        Portrait3x4 = 5,
        [System.Runtime.Serialization.EnumMember(Value="4:1")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("4:1")]
        Landscape4x1 = 6,
        [System.Runtime.Serialization.EnumMember(Value="4:3")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("4:3")]
        Landscape4x3 = 7,
        [System.Runtime.Serialization.EnumMember(Value="4:5")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("4:5")]
        Portrait4x5 = 8,
        [System.Runtime.Serialization.EnumMember(Value="5:4")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("5:4")]
        Landscape5x4 = 9,
        [System.Runtime.Serialization.EnumMember(Value="8:1")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("8:1")]
        Landscape8x1 = 10,
        [System.Runtime.Serialization.EnumMember(Value="9:16")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("9:16")]
        Portrait9x16 = 11,
        [System.Runtime.Serialization.EnumMember(Value="16:9")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("16:9")]
        Landscape16x9 = 12,
        [System.Runtime.Serialization.EnumMember(Value="21:9")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("21:9")]
        Landscape21x9 = 13,
        [System.Runtime.Serialization.EnumMember(Value="auto")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("auto")]
        Auto = 14,
    }
    public class CreateTaskData
    {
        public CreateTaskData() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Za-z0-9_-]+$")]
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(128, MinimumLength=1)]
        [System.Text.Json.Serialization.JsonPropertyName("taskId")]
        public string TaskId { get; set; }
    }
    public class CreateTaskResponse
    {
        public CreateTaskResponse() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.Range(0, 999)]
        [System.Text.Json.Serialization.JsonPropertyName("code")]
        public int Code { get; set; }
        [System.ComponentModel.DataAnnotations.Required]
        [System.Text.Json.Serialization.JsonPropertyName("data")]
        public NanoBanana.Client.CreateTaskData Data { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(1000)]
        [System.Text.Json.Serialization.JsonPropertyName("msg")]
        public string Msg { get; set; }
    }
    public class CreditsBalance
    {
        public CreditsBalance() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.Text.Json.Serialization.JsonIgnore]
        public decimal? Credits { get; }
    }
    public class ErrorDetail
    {
        public ErrorDetail() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(200)]
        [System.Text.Json.Serialization.JsonPropertyName("code")]
        public string Code { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(10000)]
        [System.Text.Json.Serialization.JsonPropertyName("message")]
        public string Message { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(200)]
        [System.Text.Json.Serialization.JsonPropertyName("type")]
        public string Type { get; set; }
    }
    public class ErrorResponse
    {
        public ErrorResponse() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.Required]
        [System.Text.Json.Serialization.JsonPropertyName("error")]
        public NanoBanana.Client.ErrorDetail Error { get; set; }
    }
    public class GenerationInput
    {
        public GenerationInput() { }
        [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NanoBanana.Client.AspectRatio>))]
        [System.Text.Json.Serialization.JsonPropertyName("aspect_ratio")]
        public NanoBanana.Client.AspectRatio? AspectRatio { get; set; }
        [System.ComponentModel.DataAnnotations.MaxLength(10)]
        [System.Text.Json.Serialization.JsonPropertyName("image_urls")]
        public System.Collections.Generic.IList<System.Uri>? ImageUrls { get; set; }
        [System.ComponentModel.DataAnnotations.Required]
        [System.ComponentModel.DataAnnotations.StringLength(20000, MinimumLength=1)]
        [System.Text.Json.Serialization.JsonPropertyName("prompt")]
        public string Prompt { get; set; }
        [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NanoBanana.Client.ImageResolution>))]
        [System.Text.Json.Serialization.JsonPropertyName("resolution")]
        public NanoBanana.Client.ImageResolution? Resolution { get; set; }
    }
    public class GenerationRequest
    {
        public GenerationRequest() { }
        [System.ComponentModel.DataAnnotations.RegularExpression("^https?://")]
        [System.Text.Json.Serialization.JsonPropertyName("callback_url")]
        public System.Uri? CallbackUrl { get; set; }
        [System.ComponentModel.DataAnnotations.Required]
        [System.Text.Json.Serialization.JsonPropertyName("input")]
        public NanoBanana.Client.GenerationInput Input { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NanoBanana.Client.ImageModel>))]
        [System.Text.Json.Serialization.JsonPropertyName("model")]
        public NanoBanana.Client.ImageModel Model { get; set; }
    }
    public sealed class GenerationRequestValidationException : System.ArgumentException
    {
        public GenerationRequestValidationException(string field, string limit, string? detail = null) { }
        public string Field { get; }
        public string Limit { get; }
    }
    public class GenerationTask
    {
        public GenerationTask() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.Range(0D, 9999999999D)]
        [System.Text.Json.Serialization.JsonPropertyName("completed_at")]
        public long? CompletedAt { get; set; }
        [System.ComponentModel.DataAnnotations.Range(0D, 9999999999D)]
        [System.Text.Json.Serialization.JsonPropertyName("created_at")]
        public long? CreatedAt { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("error")]
        public NanoBanana.Client.TaskError? Error { get; set; }
        [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Za-z0-9_-]+$")]
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.ComponentModel.DataAnnotations.StringLength(128, MinimumLength=1)]
        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public string Id { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(200)]
        [System.Text.Json.Serialization.JsonPropertyName("model")]
        public string? Model { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("output")]
        public NanoBanana.Client.TaskOutput? Output { get; set; }
        [System.ComponentModel.DataAnnotations.Range(0D, 100D)]
        [System.Text.Json.Serialization.JsonPropertyName("progress")]
        public double? Progress { get; set; }
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NanoBanana.Client.GenerationTaskStatus>?))]
        [System.Text.Json.Serialization.JsonPropertyName("status")]
        public NanoBanana.Client.GenerationTaskStatus Status { get; set; }
    }
    public enum GenerationTaskStatus
    {
        [System.Runtime.Serialization.EnumMember(Value="pending")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("pending")]
        Pending = 0,
        [System.Runtime.Serialization.EnumMember(Value="processing")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("processing")]
        Processing = 1,
        [System.Runtime.Serialization.EnumMember(Value="completed")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("completed")]
        Completed = 2,
        [System.Runtime.Serialization.EnumMember(Value="failed")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("failed")]
        Failed = 3,
    }
    public interface INanoBananaClient
    {
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> ConfirmCallbackAsync(NanoBanana.Client.GenerationTask callbackTask, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<string> CreateTaskAsync(NanoBanana.Client.GenerationRequest request, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<long> DownloadAsync(System.Uri outputUrl, System.IO.Stream destination, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<long> DownloadToFileAsync(System.Uri outputUrl, string path, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GenerateAsync(NanoBanana.Client.GenerationRequest request, System.TimeSpan? timeout = default, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<NanoBanana.Client.CreditsBalance> GetCreditsAsync(System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GetTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> WaitForTaskAsync(string taskId, System.TimeSpan? timeout = default, System.Threading.CancellationToken cancellationToken = default);
        System.Collections.Generic.IAsyncEnumerable<NanoBanana.Client.GenerationTask> WatchTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default);
        System.Collections.Generic.IAsyncEnumerable<NanoBanana.Client.GenerationTask> WatchTaskAsync(string taskId, System.TimeSpan? timeout, System.Threading.CancellationToken cancellationToken = default);
    }
    public interface INanoBananaTransport
    {
        System.Threading.Tasks.Task<NanoBanana.Client.CreateTaskResponse> CreateTaskAsync(NanoBanana.Client.GenerationRequest body);
        System.Threading.Tasks.Task<NanoBanana.Client.CreateTaskResponse> CreateTaskAsync(NanoBanana.Client.GenerationRequest body, System.Threading.CancellationToken cancellationToken);
        System.Threading.Tasks.Task<NanoBanana.Client.CreditsBalance> GetCreditsAsync();
        System.Threading.Tasks.Task<NanoBanana.Client.CreditsBalance> GetCreditsAsync(System.Threading.CancellationToken cancellationToken);
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GetTaskAsync(string taskId);
        System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GetTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken);
    }
    public enum ImageModel
    {
        [System.Runtime.Serialization.EnumMember(Value="nano-banana-2-lite")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("nano-banana-2-lite")]
        NanoBanana2Lite = 0,
    }
    public enum ImageResolution
    {
        [System.Runtime.Serialization.EnumMember(Value="1K")]
        [System.Text.Json.Serialization.JsonStringEnumMemberName("1K")]
        OneK = 0,
    }
    public sealed class NanoBananaAuthenticationException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaAuthenticationException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaCallbackException : System.FormatException
    {
        public NanoBananaCallbackException(string message, System.Exception? innerException = null) { }
    }
    public sealed class NanoBananaClient : NanoBanana.Client.INanoBananaClient, System.IDisposable
    {
        public NanoBananaClient(NanoBanana.Client.NanoBananaClientOptions options) { }
        public NanoBananaClient(NanoBanana.Client.NanoBananaClientOptions options, System.Net.Http.HttpClient httpClient) { }
        public NanoBananaClient(NanoBanana.Client.NanoBananaClientOptions options, System.Net.Http.HttpClient? httpClient, System.Net.Http.HttpClient? downloadHttpClient, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, System.TimeProvider? timeProvider) { }
        public System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> ConfirmCallbackAsync(NanoBanana.Client.GenerationTask callbackTask, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<string> CreateTaskAsync(NanoBanana.Client.GenerationRequest request, System.Threading.CancellationToken cancellationToken = default) { }
        public void Dispose() { }
        public System.Threading.Tasks.Task<long> DownloadAsync(System.Uri outputUrl, System.IO.Stream destination, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<long> DownloadToFileAsync(System.Uri outputUrl, string path, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GenerateAsync(NanoBanana.Client.GenerationRequest request, System.TimeSpan? timeout = default, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<NanoBanana.Client.CreditsBalance> GetCreditsAsync(System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> GetTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> WaitForTaskAsync(string taskId, System.TimeSpan? timeout = default, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Collections.Generic.IAsyncEnumerable<NanoBanana.Client.GenerationTask> WatchTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default) { }
        public System.Collections.Generic.IAsyncEnumerable<NanoBanana.Client.GenerationTask> WatchTaskAsync(string taskId, System.TimeSpan? timeout, System.Threading.CancellationToken cancellationToken = default) { }
    }
    public sealed class NanoBananaClientOptions
    {
        public const string SectionName = "NanoBanana";
        public NanoBananaClientOptions() { }
        public string? ApiKey { get; set; }
        public System.Uri BaseUrl { get; set; }
        public System.TimeSpan DefaultWaitTimeout { get; set; }
        public System.TimeSpan DownloadTimeout { get; set; }
        public long MaxDownloadBytes { get; set; }
        public long MaxResponseBytes { get; set; }
        public NanoBanana.Client.NanoBananaPollingOptions Polling { get; set; }
        public System.TimeSpan RequestTimeout { get; set; }
        public NanoBanana.Client.NanoBananaRetryOptions Retry { get; set; }
        public static System.Uri DefaultBaseUrl { get; }
        public void ThrowIfInvalid() { }
        public override string ToString() { }
        public System.Collections.Generic.IReadOnlyList<string> Validate() { }
    }
    public sealed class NanoBananaCreateOutcomeUnknownException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaCreateOutcomeUnknownException(System.Exception cause) { }
        public override bool IsTransient { get; }
    }
    public static class NanoBananaErrorCodes
    {
        public const string InsufficientCredits = "insufficient_credits";
        public const string InternalError = "internal_error";
        public const string InvalidApiKey = "invalid_api_key";
        public const string InvalidRequest = "invalid_request";
        public const string IpNotAllowed = "ip_not_allowed";
        public const string ModelNotFound = "model_not_found";
        public const string RateLimitExceeded = "rate_limit_exceeded";
        public const string SpendLimitExceeded = "spend_limit_exceeded";
        public const string TaskNotFound = "task_not_found";
        public const string UpstreamError = "upstream_error";
    }
    public class NanoBananaException : System.Exception
    {
        public NanoBananaException(string message, int? statusCode = default, string? errorCode = null, string? errorType = null, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public string? ErrorCode { get; }
        public string? ErrorType { get; }
        public virtual bool IsTransient { get; }
        public string? ResponseExcerpt { get; }
        public System.TimeSpan? RetryAfter { get; }
        public int? StatusCode { get; }
    }
    public sealed class NanoBananaInsufficientCreditsException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaInsufficientCreditsException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaInvalidRequestException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaInvalidRequestException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaNetworkException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaNetworkException(string message, bool requestNotSent, bool isTimeout, System.Exception? innerException, bool transient = true) { }
        public bool IsTimeout { get; }
        public override bool IsTransient { get; }
        public bool RequestNotSent { get; }
    }
    public sealed class NanoBananaNotFoundException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaNotFoundException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaPermissionException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaPermissionException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaPollingOptions
    {
        public NanoBananaPollingOptions() { }
        public System.TimeSpan ExpectedDuration { get; set; }
        public double ExpectedSpread { get; set; }
        public double FirstPollQuantile { get; set; }
        public System.TimeSpan MaxInterval { get; set; }
        public System.TimeSpan MinInterval { get; set; }
        public double RelativeInterval { get; set; }
    }
    public sealed class NanoBananaRateLimitException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaRateLimitException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaRetryOptions
    {
        public NanoBananaRetryOptions() { }
        public System.TimeSpan BaseDelay { get; set; }
        public System.TimeSpan MaxDelay { get; set; }
        public int MaxRetries { get; set; }
        public System.TimeSpan MaxRetryAfter { get; set; }
    }
    public class NanoBananaServerException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaServerException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaSpendLimitException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaSpendLimitException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
        public override bool IsTransient { get; }
    }
    public sealed class NanoBananaTaskFailedException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaTaskFailedException(NanoBanana.Client.GenerationTask task) { }
        public override bool IsTransient { get; }
        public NanoBanana.Client.GenerationTask Task { get; }
        public string TaskId { get; }
    }
    public static class NanoBananaTelemetry
    {
        public const string Name = "NanoBanana.Client";
    }
    public class NanoBananaTransportException : System.Exception
    {
        public NanoBananaTransportException(string message, int statusCode, string? response, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> headers, System.Exception? innerException) { }
        public System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> Headers { get; }
        public string? Response { get; }
        public int StatusCode { get; }
        public override string ToString() { }
    }
    public class NanoBananaTransportException<TResult> : NanoBanana.Client.NanoBananaTransportException
    {
        public NanoBananaTransportException(string message, int statusCode, string? response, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> headers, TResult result, System.Exception? innerException) { }
        public TResult Result { get; }
    }
    public sealed class NanoBananaUpstreamException : NanoBanana.Client.NanoBananaServerException
    {
        public NanoBananaUpstreamException(string message, int? statusCode, string? errorCode, string? errorType, System.TimeSpan? retryAfter = default, string? responseExcerpt = null, System.Exception? innerException = null) { }
    }
    public sealed class NanoBananaWaitTimeoutException : NanoBanana.Client.NanoBananaException
    {
        public NanoBananaWaitTimeoutException(string taskId, System.TimeSpan timeout, NanoBanana.Client.GenerationTaskStatus? lastStatus) { }
        public override bool IsTransient { get; }
        public NanoBanana.Client.GenerationTaskStatus? LastStatus { get; }
        public string TaskId { get; }
        public System.TimeSpan Timeout { get; }
    }
    public static class TaskCallback
    {
        public const int MaxBodyBytes = 1048576;
        public static NanoBanana.Client.GenerationTask Parse(System.ReadOnlySpan<byte> utf8Body) { }
        public static NanoBanana.Client.GenerationTask Parse(string body) { }
        public static System.Threading.Tasks.Task<NanoBanana.Client.GenerationTask> ParseAsync(System.IO.Stream body, System.Threading.CancellationToken cancellationToken = default) { }
    }
    public class TaskError
    {
        public TaskError() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(200)]
        [System.Text.Json.Serialization.JsonPropertyName("code")]
        public string? Code { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(10000)]
        [System.Text.Json.Serialization.JsonPropertyName("message")]
        public string? Message { get; set; }
    }
    public class TaskOutput
    {
        public TaskOutput() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("metadata")]
        public NanoBanana.Client.TaskOutputMetadata? Metadata { get; set; }
        [System.ComponentModel.DataAnnotations.MaxLength(100)]
        [System.ComponentModel.DataAnnotations.Required]
        [System.Text.Json.Serialization.JsonPropertyName("urls")]
        public System.Collections.Generic.IList<System.Uri> Urls { get; set; }
    }
    public class TaskOutputMetadata
    {
        public TaskOutputMetadata() { }
        [System.Text.Json.Serialization.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [System.ComponentModel.DataAnnotations.Range(0D, 86400000D)]
        [System.Text.Json.Serialization.JsonPropertyName("costTime")]
        public long? CostTime { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(200)]
        [System.Text.Json.Serialization.JsonPropertyName("model")]
        public string? Model { get; set; }
    }
}