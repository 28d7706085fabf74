using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web;
using MotCua.Web.Features;
using MotCua.Web.Features.Account;
using MotCua.Web.Features.Admin;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Health;
using MotCua.Web.Features.Intake;
using MotCua.Web.Features.Letters;
using MotCua.Web.Features.Lookup;
using MotCua.Web.Features.Processing;
using MotCua.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
    builder.WebHost.UseUrls(builder.Configuration["MOTCUA_URLS"] ?? "http://127.0.0.1:5080");

using var startupLog = LoggerFactory.Create(l => l.AddConsole());
// Admin commands: backup and point-in-time restore of the embedded database, before anything opens it (Features/Operations).
if (MotCua.Web.Features.Operations.BackupCommands.Matches(args))
{
    Environment.ExitCode = MotCua.Web.Features.Operations.BackupCommands.Run(args, builder.Configuration, Console.Out, TimeProvider.System);
    return;
}
Database database;
try
{
    database = await Database.OpenAsync(builder.Configuration, startupLog.CreateLogger("MotCua.Database"));
}
catch (MotCua.Data.LocalPortTakenException e)
{
    // Third trial LOW 1: a sentence and the setting to change, not a stack trace (run.sh then exits non-zero too).
    Console.Error.WriteLine($"{e.Message}; hãy đặt Motcua__LocalPort sang cổng khác, ví dụ: Motcua__LocalPort={e.Port + 1} ./run.sh");
    Environment.ExitCode = 1;
    return;
}
// Before anything searches: fold the procedures the folding rule has not seen yet (all of them after migration 0009).
await ProcedureSearchIndex.RefreshAsync(database.ConnectionString);
// Admin command: import the national catalogue into this database, print the report, and stop before the host starts.
if (CatalogImportCommand.Matches(args))
{
    Environment.ExitCode = await CatalogImportCommand.RunAsync(args, database, Console.Out);
    database.Embedded?.Stop();
    return;
}
// Issue 12 item 6: walk the audit log's hash chain, print the first broken link, and stop (exit 1 when broken).
if (MotCua.Web.Features.Audit.AuditVerifyCommand.Matches(args))
{
    Environment.ExitCode = await MotCua.Web.Features.Audit.AuditVerifyCommand.RunAsync(database, DeploymentKey.Load(builder.Configuration), Console.Out);
    database.Embedded?.Stop();
    return;
}
// Demo data comes with the embedded default; a configured server gets it only when asked (Motcua:Demo=true).
var demo = builder.Configuration.GetValue("Motcua:Demo", builder.Configuration["MOTCUA_DB"] is null && builder.Configuration.GetConnectionString("MotCua") is null);

builder.Services.AddSingleton(database);
// The secret outside the database that seals the key ring and the signing keys (Infrastructure/DeploymentKey.cs).
var deploymentKey = DeploymentKey.Load(builder.Configuration);
builder.Services.AddSingleton(deploymentKey);
builder.Services.AddSingleton(TimeProvider.System);
// One pool for EF and for the raw statements. Statements used often are prepared on the server, which spares
// PostgreSQL parsing and planning them on every request. A connection goes back to the pool without a reset (six
// statements each time): nothing here leaves session state another use could trip on, since advisory locks are
// released explicitly and the one session setting, the catalogue search's trigram threshold, is set before each use.
builder.Services.AddSingleton(_ => new Npgsql.NpgsqlDataSourceBuilder(database.ConnectionString)
{
    ConnectionStringBuilder = { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2, NoResetOnClose = true },
}.Build());
builder.Services.AddDbContextPool<MotCuaDb>((services, o) =>
{
    o.UseNpgsql(services.GetRequiredService<Npgsql.NpgsqlDataSource>()).AddInterceptors(new DossierOutboxInterceptor(), new PreparedStatementRepair());
    if (builder.Environment.IsDevelopment()) o.ThrowOnModelMistakes(); // tests run as Development
});
// Public lookups get a pool of their own, sized to the machine: a burst of citizens checking codes queues for these few
// connections instead of crowding the officers' work out of the main pool and PostgreSQL's backends off the CPU.
// Motcua:ReadOnlyDb points them at a hot standby instead (scripts/standby.sh, docs/SECURITY.md §9): they only read, and
// keep answering while the primary is down.
builder.Services.AddKeyedSingleton(LookupEndpoints.Pool, (_, _) => new Npgsql.NpgsqlDataSourceBuilder(
    builder.Configuration["Motcua:ReadOnlyDb"] is { Length: > 0 } standby ? standby : database.ConnectionString)
{
    ConnectionStringBuilder = { MaxAutoPrepare = 8, NoResetOnClose = true, MaxPoolSize = Math.Max(4, 2 * Environment.ProcessorCount), Multiplexing = true },
}.Build());
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<CalendarStore>();
builder.Services.AddHostedService<CalendarChanges>();
// Issue 12: the audit chain's head, checkpointed every minute with a key derived from the deployment key.
builder.Services.AddSingleton<MotCua.Web.Features.Audit.AuditCheckpoints>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<MotCua.Web.Features.Audit.AuditCheckpoints>());
builder.Services.AddScoped<CalendarAdministration>();
builder.Services.AddScoped<DossierIntake>();
builder.Services.AddScoped<DossierProcessing>();
builder.Services.AddScoped<Worklists>();
builder.Services.AddScoped<MotCua.Web.Features.Reports.StepTimeReads>(); // Issue 15: per-step times and early warning
builder.Services.AddSingleton<MotCua.Web.Features.Reports.StepHistories>(); // the step histories, refreshed in the background
// The kept stays the per-step report and the histories read (migration 0123), measured again in the background.
builder.Services.AddScoped<MotCua.Web.Features.Reports.StepStayKeeper>();
if (builder.Configuration.GetValue("Motcua:StepStays:Enabled", true))
    builder.Services.AddHostedService<MotCua.Web.Features.Reports.StepStayWorker>();
builder.Services.AddScoped<MotCua.Web.Features.Reports.DashboardReads>(); // Issue 15: the leaders' and the inspector's dashboard
// Signing keys sealed with the deployment key; officers' own certificates; a document that cannot be signed is a 409.
builder.Services.AddSingleton<DemoSigning>();
builder.Services.AddSingleton(new SigningMode(demo));
builder.Services.AddScoped<SignerKeys>();
// Issue 12: whether a signer's certificate reaches an authority of Motcua:TrustedRootsFile (self-signed ones never do).
builder.Services.AddSingleton(sp => new SignerTrust(sp.GetRequiredService<DemoSigning>(), sp.GetRequiredService<SigningMode>(), SignerTrust.LoadRoots(builder.Configuration)));
builder.Services.AddExceptionHandler<SigningFailures>();
builder.Services.AddScoped<IssuedForms>();
// Issue 14, receipts: the e-receipt of a confirmed payment (Features/Receipts).
builder.Services.AddScoped<MotCua.Web.Features.Shared.IPaymentReceipts, MotCua.Web.Features.Receipts.PaymentReceipts>();
builder.Services.AddScoped<MotCua.Web.Features.Payments.CollectionAccounts>(); // Issue 14, requests
// Issue 14, confirmation: payment partners, their callback and the accountant's confirmation (Features/Payments).
builder.Services.AddScoped<MotCua.Web.Features.Payments.PartnersAdministration>();
builder.Services.AddScoped<MotCua.Web.Features.Payments.ConfirmationService>();
builder.Services.AddScoped<MotCua.Web.Features.Payments.RefundService>();
builder.Services.AddScoped<MotCua.Web.Features.Payments.ReceiptReplacement>();
builder.Services.AddScoped<MotCua.Web.Features.Payments.ReceiptCancellations>();
builder.Services.AddSingleton<CatalogImportRunner>();
builder.Services.AddScoped<Adoptions>();
builder.Services.AddScoped<AgencyAdministration>();
builder.Services.AddScoped<Reorganisations>();
builder.Services.AddScoped<UserAdministration>();
// Issue 12 item 6: what a request showed of personal data, written to the audit log by UsePersonalDataAudit.
builder.Services.AddScoped<PersonalDataReads>();
// Sessions checked on each request, sign-in throttled per account and client (issue 12, items 1 and 5; docs/SECURITY.md §2).
builder.Services.AddSingleton<Sessions>();
builder.Services.AddSingleton<SignInThrottle>();
// Issue 17, piece 0: citizens' sessions (issued by piece A's sign-in pages) and enrolled kiosk devices.
builder.Services.AddScoped<CitizenSignIn>();
builder.Services.AddSingleton<KioskMode>();
// Issue 17, piece A: the citizens' sign-in by one-time code and VNeID (Features/CitizenAccount, docs/SECURITY.md "Citizen sign-in").
MotCua.Web.Features.CitizenAccount.CitizenAccountServices.AddCitizenAccount(builder.Services, builder.Configuration);
builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<MotCua.Data.User>, Microsoft.AspNetCore.Identity.PasswordHasher<MotCua.Data.User>>();
// Issue 13: the outbox worker delivers everything that leaves; each target is an IOutboxTarget, each kind of message a
// dossier's event causes an IDossierEventPlanner (Features/Outbox, docs/MESSAGES.md).
builder.Services.Configure<MotCua.Web.Features.Outbox.OutboxOptions>(builder.Configuration.GetSection("Motcua:Outbox"));
builder.Services.AddSingleton<RequestLoad>();
builder.Services.AddSingleton<MotCua.Web.Features.Outbox.OutboxWorker>();
if (builder.Configuration.GetValue("Motcua:Outbox:Enabled", true))
    builder.Services.AddHostedService(services => services.GetRequiredService<MotCua.Web.Features.Outbox.OutboxWorker>());
builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxTarget, MotCua.Web.Features.Outbox.DossierEventExpansion>();
builder.Services.AddScoped<MotCua.Web.Features.Outbox.OutboxAdministration>();
// Issue 17, piece C: the OCR worker makes searchable copies of desk scans and reads their pre-fill candidates
// (Features/Digitisation, docs/FILES.md "Digitisation"); ocr_results rows are queued when a desk scan is staged.
builder.Services.Configure<MotCua.Web.Features.Digitisation.OcrOptions>(builder.Configuration.GetSection("Motcua:Ocr"));
builder.Services.AddSingleton<MotCua.Web.Features.Digitisation.OcrWorker>();
builder.Services.AddSingleton<MotCua.Web.Infrastructure.IReadinessNote>(services => services.GetRequiredService<MotCua.Web.Features.Digitisation.OcrWorker>());
if (builder.Configuration.GetValue("Motcua:Ocr:Enabled", true))
    builder.Services.AddHostedService(services => services.GetRequiredService<MotCua.Web.Features.Digitisation.OcrWorker>());
// Issue 13: notification templates, rendered for the planners and edited by the administrator (Features/Notifications).
builder.Services.AddScoped<MotCua.Web.Features.Notifications.NotificationTemplates>();
// Issue 13: who is told what: the planner of the applicant's notifications (consent, quiet hours, opt-out), its wording
// from the administrator's templates, the dossier's message list (Features/Notifications).
builder.Services.Configure<MotCua.Web.Features.Notifications.NotificationOptions>(builder.Configuration.GetSection("Motcua:Notifications"));
builder.Services.AddScoped<MotCua.Web.Features.Outbox.IDossierEventPlanner, MotCua.Web.Features.Notifications.NotificationPlanner>();
builder.Services.AddScoped<MotCua.Web.Features.Notifications.INotificationRenderer, MotCua.Web.Features.Notifications.TemplateRenderer>();
// Issue 13: e-mail over SMTP (Features/Channels/EmailTarget.cs, docs/MESSAGES.md §2). The email target exists when
// Motcua:Smtp:Host is set; without it an e-mail is dead-lettered as a channel this server has not configured.
builder.Services.Configure<MotCua.Web.Features.Channels.SmtpOptions>(builder.Configuration.GetSection("Motcua:Smtp"));
if (builder.Configuration["Motcua:Smtp:Host"] is { Length: > 0 })
    builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxTarget, MotCua.Web.Features.Channels.EmailTarget>();
// Issue 13: SMS and Zalo through their HTTP gateways (Motcua:Sms, Motcua:Zalo) and the gateways' signed receipts
// (Features/Channels, docs/MESSAGES.md §3).
MotCua.Web.Features.Channels.GatewayChannels.AddGatewayChannels(builder.Services, builder.Configuration);
// Issue 13: officers' reminders. A scheduler scans every minute for steps due soon, overdue or overdue beyond the margins,
// and the daily summary; each notice is an officer_notices row (the in-app list, /thong-bao) and an e-mail (docs/MESSAGES.md §7).
builder.Services.Configure<MotCua.Web.Features.Reminders.ReminderOptions>(builder.Configuration.GetSection("Motcua:Reminders"));
builder.Services.AddScoped<MotCua.Web.Features.Reminders.OfficerReminders>();
builder.Services.AddScoped<MotCua.Web.Features.Reminders.OfficerNotices>();
if (builder.Configuration.GetValue("Motcua:Reminders:Enabled", true))
    builder.Services.AddHostedService<MotCua.Web.Features.Reminders.ReminderScheduler>();
// Issue 13: webhooks. Subscriptions of integrated systems; a dossier's event becomes one signed POST per subscription
// (Features/Webhooks, docs/MESSAGES.md §8).
builder.Services.AddSingleton<MotCua.Web.Features.Webhooks.WebhookTarget>();
builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxTarget>(services => services.GetRequiredService<MotCua.Web.Features.Webhooks.WebhookTarget>());
builder.Services.AddScoped<MotCua.Web.Features.Outbox.IDossierEventPlanner, MotCua.Web.Features.Webhooks.WebhookPlanner>();
builder.Services.AddScoped<MotCua.Web.Features.Webhooks.WebhookSubscriptions>();
// Issue 16: the National Public Service Portal sync (Features/NationalPortal, docs/PORTAL.md). Every address and
// credential is configuration (Motcua:Portal); without SyncUrl nothing is planned and there is no dvcqg target.
builder.Services.Configure<MotCua.Web.Features.NationalPortal.PortalOptions>(builder.Configuration.GetSection("Motcua:Portal"));
builder.Services.AddScoped<MotCua.Web.Features.Outbox.IDossierEventPlanner, MotCua.Web.Features.NationalPortal.PortalPlanner>();
builder.Services.AddScoped<MotCua.Web.Features.NationalPortal.PortalSync>();
builder.Services.AddSingleton<MotCua.Web.Features.NationalPortal.PortalLinks>();
builder.Services.AddSingleton<MotCua.Web.Features.NationalPortal.PortalClient>();
if (builder.Configuration["Motcua:Portal:SyncUrl"] is { Length: > 0 })
    builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxTarget, MotCua.Web.Features.NationalPortal.NationalPortalTarget>();
// Issue 16: the coordination hub (Hệ thống điều phối) is configuration only (Motcua:CoordinationHub, docs/PORTAL.md): an
// enabled hub with a missing or malformed key stops the start; /readyz names it. Its protocol is not published: nothing is sent.
builder.Services.AddOptions<MotCua.Web.Features.NationalPortal.CoordinationHubOptions>()
    .Bind(builder.Configuration.GetSection(MotCua.Web.Features.NationalPortal.CoordinationHubOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MotCua.Web.Features.NationalPortal.CoordinationHubOptions>, MotCua.Web.Features.NationalPortal.CoordinationHubValidation>();
builder.Services.AddSingleton<MotCua.Web.Infrastructure.IReadinessNote, MotCua.Web.Features.NationalPortal.CoordinationHubReadiness>();
// Issue 16, round 4: the files of pushed dossiers fetched from the portal into the file store, one outbox row per file
// (docs/PORTAL.md "Inbound files"); only from the portal's hosts (Motcua:Portal:FileHosts, or SyncUrl's host).
builder.Services.AddScoped<MotCua.Web.Features.Outbox.IDossierEventPlanner, MotCua.Web.Features.NationalPortal.PortalFilePlanner>();
builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxTarget, MotCua.Web.Features.NationalPortal.PortalFileTarget>();
// Issue 16: the population database (Features/PopulationRegistry, docs/POPULATION.md); its address and key are
// configuration (Motcua:Population); without Url every lookup answers "not configured" and the desk works by hand.
builder.Services.Configure<MotCua.Web.Features.PopulationRegistry.PopulationOptions>(builder.Configuration.GetSection("Motcua:Population"));
builder.Services.AddSingleton<MotCua.Web.Features.PopulationRegistry.IPopulationRegistry, MotCua.Web.Features.PopulationRegistry.PopulationRegistryClient>();
builder.Services.AddScoped<MotCua.Web.Features.PopulationRegistry.CitizenLookups>();
// Issue 16: feedback on administrative regulations (phản ánh, kiến nghị; Features/Feedback, docs/FEEDBACK.md).
builder.Services.Configure<MotCua.Web.Features.Feedback.FeedbackOptions>(builder.Configuration.GetSection("Motcua:Feedback"));
builder.Services.AddScoped<MotCua.Web.Features.Feedback.FeedbackStore>();
builder.Services.AddSingleton<MotCua.Web.Features.Feedback.FeedbackQuota>();
// Issue 17, piece D: ratings, their figures and the TT 01/2018 unit scores (Features/Ratings, docs/RATINGS.md).
builder.Services.Configure<MotCua.Web.Features.Ratings.RatingOptions>(builder.Configuration.GetSection("Motcua:Ratings"));
builder.Services.AddScoped<MotCua.Web.Features.Ratings.RatingStore>();
// Issue 17 (cit31): printed-code ratings' replacement keys cleared once no replacement is possible (docs/RATINGS.md).
builder.Services.AddSingleton<MotCua.Web.Features.Ratings.RatingKeyExpiry>();
builder.Services.AddHostedService(services => services.GetRequiredService<MotCua.Web.Features.Ratings.RatingKeyExpiry>());
builder.Services.AddScoped<MotCua.Web.Features.Citizens.OnlineOffers>(); // Issue 17, piece B: online submission (docs/CITIZENS.md)
builder.Services.AddScoped<MotCua.Web.Features.Citizens.CitizenDrafts>();
builder.Services.AddScoped<MotCua.Web.Features.Citizens.CitizenDossierActions>();
builder.Services.AddScoped<MotCua.Web.Features.Citizens.CitizenDossierRead>();
builder.Services.AddScoped<MotCua.Web.Features.Ratings.RatingFigures>();
// Issue 17, piece E: queue tickets, the desk's calls and the call screen (Features/Queue, docs/CITIZENS.md "Queue and kiosk").
builder.Services.AddSingleton(builder.Configuration.GetSection("Motcua:Queue").Get<MotCua.Domain.Queue.QueueSettings>() ?? MotCua.Domain.Queue.QueueSettings.Default);
builder.Services.AddScoped<MotCua.Web.Features.Queue.QueueStore>();
builder.Services.AddScoped<MotCua.Web.Features.Queue.QueueAdministration>();
builder.Services.AddScoped<MotCua.Web.Features.Queue.QueueFigureReads>();
builder.Services.AddScoped<MotCua.Web.Features.Kiosk.KioskDevices>(); // Issue 17, piece E: the centres' kiosks (Features/Kiosk)
builder.Services.AddScoped<MotCua.Web.Features.Outbox.IDossierEventPlanner, MotCua.Web.Features.Ratings.RatingPlanner>();
// Trial 17t LOW 12: an invitation whose dossier was rated for good while it waited is skipped, not sent.
builder.Services.AddSingleton<MotCua.Web.Features.Outbox.IOutboxSkip, MotCua.Web.Features.Ratings.RatingInvitationSkip>();
// Issue 17, piece 0: the content-addressed file store and its scanning hook (Data/FileStore.cs, docs/FILES.md); its
// folder, limits and scanner are configuration (Motcua:Files). The scanner is chosen here, once: an unknown name stops
// the start rather than storing files unscanned by mistake.
var fileStoreOptions = builder.Configuration.GetSection("Motcua:Files").Get<MotCua.Data.FileStoreOptions>() ?? new();
builder.Services.AddSingleton(fileStoreOptions);
builder.Services.AddSingleton<MotCua.Data.IFileScanner>(fileStoreOptions.Scanner switch
{
    "None" => new MotCua.Data.NoScanner(),
    "Clamd" => new MotCua.Data.ClamdScanner(fileStoreOptions.ClamdSocket, TimeSpan.FromSeconds(60)),
    var other => throw new InvalidOperationException($"Motcua:Files:Scanner '{other}' không hợp lệ: chỉ nhận None hoặc Clamd."),
});
builder.Services.AddSingleton<MotCua.Data.FileStore>();
builder.Services.AddSingleton<MotCua.Web.Features.Files.CitizenUploadQuota>();
// Vietnamese text goes out as UTF-8, not as &#x...; entities: pages stay readable and a third smaller.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
// Every problem goes through IProblemDetailsService with one shape (Problems.Customize); the API's are problem+json
// whatever the client accepts, and a body the framework cannot bind is a 422 naming the field, as JsonBody answers
// (since .NET 10 an exception an IExceptionHandler handles is not logged as an error).
builder.Services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, Problems.ApiWriter>();
// Issue 12, item 9: a page's problem is the Vietnamese error page, never JSON (Features/Shared/ErrorPage.cs).
builder.Services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, Problems.PageWriter>();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<Problems.BindingFailures>();
// Ids and amounts stay integers though a converter reads them (JsonOptions); the payment shapes' enums and descriptions the generator
// cannot infer (docs/FEES.md "Seventh round").
builder.Services.AddOpenApi(o => o.AddSchemaTransformer(MotCua.Web.Features.JsonOptions.WholeNumberSchemaAsync)
    .AddSchemaTransformer(MotCua.Web.Features.Payments.PaymentsOpenApi.TransformAsync)
    .AddSchemaTransformer(MotCua.Web.Features.Processing.ObligationOpenApi.TransformAsync));
// One reading of JSON for bound bodies and JsonBody alike (JsonOptions.Strict): instants by VietnamTime.TryParseApiInstant (offset required)
// and answered at +07:00, enums by name, no duplicate or unknown keys, text by the TypedText rule (issue 12, items 3, 8).
builder.Services.ConfigureHttpJsonOptions(o => MotCua.Web.Features.JsonOptions.Strict(o.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
{
    o.ModelBinderProviders.Insert(0, new MotCua.Web.Features.InstantModelBinder.Provider());
    // Every page's binding and client-validation messages in Vietnamese, shown beside the field (FormPage; trial of issue 14).
    MotCua.Web.Features.VietnameseBindingMessages.Apply(o.ModelBindingMessageProvider);
});
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AuthorizeFolder("/Intake");
    o.Conventions.AuthorizeFolder("/Dossiers");
    o.Conventions.AuthorizeFolder("/Processing");
    o.Conventions.AuthorizeFolder("/Calendar", Policies.Admin);
    o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    o.Conventions.AuthorizeFolder("/Outbox", Policies.Admin);
    o.Conventions.AuthorizeFolder("/Webhooks", Policies.Admin); // Issue 13: webhooks
    o.Conventions.AuthorizeFolder("/NationalPortal", Policies.Admin); // Issue 16: the portal sync
    o.Conventions.AuthorizePage("/Payments/Accounts", Policies.Admin); // Issue 14, requests: collection accounts
    // Issue 14, confirmation: the partners page is the administrator's; the accountant's page checks the role itself.
    o.Conventions.AuthorizePage("/Payments/Partners", Policies.Admin);
    o.Conventions.AuthorizePage("/Payments/Confirmation");
    o.Conventions.AuthorizePage("/Receipts/Series", Policies.Admin); // Issue 14: the units' receipt form numbers and series
    o.Conventions.AuthorizeFolder("/Reports"); // Issue 15: Biểu 06; the pages check ReportAccess themselves
    o.Conventions.AuthorizeFolder("/Feedback/Desk"); // Issue 16: the officers' feedback pages check the role themselves
    o.Conventions.AuthorizeFolder("/PopulationRegistry"); // Issue 16: the desk's lookup checks the receiving role itself
    o.Conventions.AuthorizeFolder("/Digitisation"); // Issue 17, piece C: the desk's digitisation panel checks the receiving role itself
    // Issue 17: the citizens' pages read only the citizens' cookie; their home says what they can do to anyone.
    o.Conventions.AuthorizeFolder("/Citizens", Policies.Citizen);
    o.Conventions.AllowAnonymousToPage("/Citizens/Index");
    o.Conventions.AllowAnonymousToPage("/Citizens/Offers"); // Issue 17, piece B: the procedures offered online, for anyone
    o.Conventions.AuthorizePage("/Ratings/Scoring"); // Issue 17, piece D: the page checks RatingAccess itself
    o.Conventions.AuthorizePage("/Ratings/Summary");
});
builder.Services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
// Issue 12, items 10 and 11: trusted proxies, Secure cookies and HTTPS, security headers, compression, static file
// caching (Infrastructure/Edge.cs).
builder.AddEdge();
// Cookies and antiforgery tokens stay readable across restarts and instances: the keys live in the database, each
// sealed with the deployment key, so the database alone cannot forge a session.
builder.Services.AddDataProtection().SetApplicationName("MotCua")
    .AddKeyManagementOptions(o =>
    {
        o.XmlRepository = new DatabaseKeyRing(database.ConnectionString);
        o.XmlEncryptor = new KeyRingEncryptor(deploymentKey);
    });
builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/dang-nhap";
        o.AccessDeniedPath = "/dang-nhap";
        o.Cookie.Name = MotCua.Web.Infrastructure.Edge.OfficerCookie;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.ExpireTimeSpan = TimeSpan.FromHours(10);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = ApiAwareRedirect(StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = ApiAwareRedirect(StatusCodes.Status403Forbidden);
        o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
    })
    .AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, _ => { })
    .AddCitizenCookie(builder.Configuration); // Issue 17: the citizens' own cookie scheme (Infrastructure/CitizenAuth.cs)
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Api, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser())
    .AddPolicy(Policies.ApiClient, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireClaim(Claims.ClientId))
    .AddPolicy(Policies.PortalPush, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireClaim(Claims.ClientId).RequireClaim(Claims.Grant, Grants.PortalPush))
    .AddPolicy(Policies.MonitoringIngest, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireClaim(Claims.ClientId).RequireClaim(Claims.Grant, Grants.MonitoringIngest))
    .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName, CookieAuthenticationDefaults.AuthenticationScheme).RequireRole(Roles.Admin))
    .AddCitizenPolicy();
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.OnRejected = (context, _) =>
    {
        // When to come back, in whole seconds (RFC 9110 §10.2.3), so that a client waits instead of retrying at once.
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var sending = HttpMethods.IsPost(context.HttpContext.Request.Method); // issue 16: the public feedback form and API
        var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
        if (policy == MotCua.Web.Features.Queue.QueueEndpoints.RateLimitPolicy)
            return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Quá nhiều lần lấy số",
                MotCua.Web.Features.Queue.QueueEndpoints.RateLimitMessage, type: "https://motcua.vn/problems/rate-limit"));
        return new ValueTask(sending
            ? Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Quá nhiều lần gửi",
                "Bạn đã gửi quá nhiều phản ánh, kiến nghị trong một giờ. Vui lòng thử lại sau.", type: "https://motcua.vn/problems/rate-limit")
            : Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Quá nhiều yêu cầu tra cứu",
                "Bạn tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.", type: "https://motcua.vn/problems/rate-limit"));
    };
    // Codes are sequential per agency and day, so a public lookup must not be cheap to enumerate.
    var permits = builder.Configuration.GetValue("Motcua:LookupPermitsPerMinute", 60);
    o.AddPolicy(LookupEndpoints.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
        http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None,
        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    // Issue 16: no captcha on the public feedback form, so sending is limited per client address and hour; reading the form is
    // not. What is registered has its own quota (FeedbackQuota, trial 16b LOW 13); this bounds every send, refused ones too.
    var feedbackPerHour = builder.Configuration.GetValue("Motcua:Feedback:RateLimitPerHour", 10);
    o.AddPolicy(MotCua.Web.Features.Feedback.FeedbackEndpoints.RateLimitPolicy, http => HttpMethods.IsPost(http.Request.Method)
        ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = feedbackPerHour * MotCua.Web.Features.Feedback.FeedbackQuota.FloodFactor, Window = TimeSpan.FromHours(1), QueueLimit = 0 })
        : RateLimitPartition.GetNoLimiter(System.Net.IPAddress.None));
    // Issue 17: taking a queue ticket is anonymous, so numbers could be taken in bulk from one address; an enrolled
    // kiosk's cookie is not counted (its centre's walk-ins all take their numbers there; the store still checks the
    // device is enrolled and unrevoked, else the ticket is a remote one under the quota).
    var ticketsPerHour = builder.Configuration.GetValue("Motcua:Queue:TicketsPerAddressPerHour", 20);
    o.AddPolicy(MotCua.Web.Features.Queue.QueueEndpoints.RateLimitPolicy, http =>
        HttpMethods.IsPost(http.Request.Method) && http.RequestServices.GetRequiredService<KioskMode>().DeviceOf(http) is null
            ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = ticketsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(System.Net.IPAddress.None));
});

var app = builder.Build();

if (database.Embedded is { } embedded)
    app.Lifetime.ApplicationStopped.Register(embedded.Stop);
// Keys an older version stored in clear are sealed before anything signs (issue 12, item 7).
await DemoSigning.SealLegacyAsync(app.Services, CancellationToken.None);
if (demo)
{
    await DemoData.SeedAsync(app.Services);
    // The history's staff (the ward accountants among them) before the first list of accounts, not ~2 minutes later with
    // the history (trial14u LOW 1).
    if (builder.Configuration.GetValue("Motcua:DemoHistory", false)) await DemoHistory.EnsureStaffAsync(app.Services);
    // Once the server listens: where, and with which accounts to sign in (./run.sh shows this; trial of issue 14).
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        Console.Out.Write(DemoData.WelcomeAsync(app.Services, addresses).GetAwaiter().GetResult());
    });
    // Issue 15: four months of dossiers through the real intake and processing (DemoHistory), when asked (./run.sh asks),
    // in the background once the app answers, so starting is not slowed; it adds nothing to a database that has dossiers.
    if (builder.Configuration.GetValue("Motcua:DemoHistory", false))
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MotCua.Demo");
            try
            {
                var done = await DemoHistory.SeedAsync(app.Services, ct: app.Lifetime.ApplicationStopping);
                if (!done.Skipped)
                    Console.Out.WriteLine($"Lịch sử demo: {done.Dossiers} hồ sơ, {done.Actions} thao tác xử lý, {done.Payments} khoản thu trong {done.Elapsed.TotalSeconds:0.0} giây"
                        + (done.Refused > 0 ? $" ({done.Refused} hồ sơ bị quy tắc tiếp nhận từ chối: {string.Join(" | ", done.Problems)})" : "") + ".");
            }
            catch (OperationCanceledException)
            {
                // The app stopped while seeding: what was committed stays, and the next start sees dossiers and adds nothing.
            }
            catch (Exception e)
            {
                log.LogError(e, "Không tạo được lịch sử hồ sơ demo.");
            }
        }));
}

// Issue 13: requests in flight, read by the outbox worker so that it yields to the desk under load.
var requestLoad = app.Services.GetRequiredService<RequestLoad>();
app.Use(requestLoad.Measure);
// Issue 12, items 10 and 11: first, so the real client address, the headers and compression apply to every answer.
app.UseEdge();

var vietnamese = new CultureInfo("vi-VN");
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(vietnamese),
    SupportedCultures = [vietnamese],
    SupportedUICultures = [vietnamese],
});
// HEAD on an API GET answers as the GET does, without the body (RFC 9110 §9.3.2): minimal APIs map GET alone, so HEAD
// was a 405. Routing runs after the rewrite; Kestrel drops the body of a request that arrived as HEAD.
app.Use((http, next) =>
{
    if (HttpMethods.IsHead(http.Request.Method) && http.Request.Path.StartsWithSegments("/api")) http.Request.Method = HttpMethods.Get;
    Problems.BufferJsonBodies(http);
    return next(http);
});
app.UseRouting();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Issue 12, item 9: an oversized request line, header block or declared body is a shaped 414/431/413 (Problems.RequestLimits).
app.UseMiddleware<Problems.RequestLimits>();
app.UseStaticFiles();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseCrossSiteRequestCheck(); // issue 12, item 4: cookie-authenticated API writes and the sign-out carry the token
app.UsePersonalDataAudit();
app.UseAntiforgery();
// Text outside JSON bodies (query, route, form) is checked once, before any handler (issue 12, item 3).
app.UseMiddleware<InputGuard>();

app.MapOpenApi();
app.MapHealthEndpoints();
app.MapAccountEndpoints();
app.MapCatalogEndpoints();
app.MapSearchTermEndpoints();
app.MapIntakeEndpoints();
app.MapDossierEndpoints();
MotCua.Web.Features.Files.FileEndpoints.MapFileEndpoints(app); // Issue 17, piece 0: staged uploads and the dossier's files (docs/FILES.md)
MotCua.Web.Features.Digitisation.DeskDigitisation.MapDeskDigitisation(app); // Issue 17, piece C: the desk's digitisation panel (docs/FILES.md)
MotCua.Web.Features.Citizens.CitizenEndpoints.MapCitizenEndpoints(app); // Issue 17, piece B: a citizen's draft uploads (docs/CITIZENS.md)
MotCua.Web.Features.Citizens.CitizenApi.MapCitizenApi(app); // Issue 17: the citizens' JSON API under /cong-dan/api (docs/CITIZENS.md)
app.MapProcessingEndpoints();
app.MapLetterEndpoints();
app.MapWorklistEndpoints();
app.MapRegisterEndpoints();
app.MapLookupEndpoints();
app.MapCalendarEndpoints();
app.MapAdminEndpoints();
MotCua.Web.Features.Outbox.OutboxEndpoints.MapOutboxEndpoints(app);
// Issue 13: notification templates; who is told what.
MotCua.Web.Features.Notifications.NotificationTemplateEndpoints.MapNotificationTemplateEndpoints(app);
MotCua.Web.Features.Notifications.NotificationEndpoints.MapNotificationEndpoints(app);
MotCua.Web.Features.Channels.ReceiptEndpoints.MapReceiptEndpoints(app); // issue 13: gateways' delivery receipts
MotCua.Web.Features.Reminders.OfficerNoticeEndpoints.MapOfficerNoticeEndpoints(app); // Issue 13: officers' notices
MotCua.Web.Features.Webhooks.WebhookEndpoints.MapWebhookEndpoints(app); // Issue 13: webhooks
MotCua.Web.Features.NationalPortal.PortalSyncEndpoints.MapPortalSyncEndpoints(app); // Issue 16: the portal sync
MotCua.Web.Features.NationalPortal.PortalInbound.MapPortalInboundEndpoints(app); // Issue 16: dossiers pushed by the portal
MotCua.Web.Features.NationalPortal.MonitoringIngest.MapMonitoringIngestEndpoints(app); // Issue 16: ministries' dossiers, monitored
MotCua.Web.Features.NationalPortal.PortalLinks.MapPortalLinkEndpoints(app); // Issue 16: Mẫu 02/03 and results the portal opens
MotCua.Web.Features.PopulationRegistry.PopulationRegistryEndpoints.MapPopulationRegistryEndpoints(app); // Issue 16: citizen lookup
// Issue 14, requests: payment requests of a dossier; collection accounts.
MotCua.Web.Features.Payments.PaymentsApi.MapPaymentsApi(app);
MotCua.Web.Features.Payments.AccountsApi.MapAccountsApi(app);
// Issue 14, confirmation: payment partners, the partners' callback, the accountant's confirmation and flags.
MotCua.Web.Features.Payments.PartnersEndpoints.MapPartnersEndpoints(app);
MotCua.Web.Features.Payments.CallbackEndpoints.MapCallbackEndpoints(app);
MotCua.Web.Features.Payments.ConfirmationEndpoints.MapConfirmationEndpoints(app);
MotCua.Web.Features.Receipts.ReceiptEndpoints.MapReceiptEndpoints(app); // Issue 14, receipts: PDF, verification, cancellation, fee register
MotCua.Web.Features.Reports.Index766Endpoints.MapIndex766Endpoints(app); // Issue 15: the 766 index, live
MotCua.Web.Features.Reports.ReportEndpoints.MapReportEndpoints(app); // Issue 15: Biểu 06 from the counts of migration 0041
MotCua.Web.Features.Registers.OfficialBookEndpoints.MapOfficialBookEndpoints(app); // Issue 15: the official books and their corrections
MotCua.Web.Features.Reports.StepTimeEndpoints.MapStepTimeEndpoints(app); // Issue 15: per-step times and early warning
MotCua.Web.Features.Reports.DashboardEndpoints.MapDashboardEndpoints(app); // Issue 15: the dashboard's figures as JSON
MotCua.Web.Features.Feedback.FeedbackEndpoints.MapFeedbackEndpoints(app); // Issue 16: feedback on administrative regulations
MotCua.Web.Features.Ratings.RatingEndpoints.MapRatingEndpoints(app); // Issue 17, piece D: ratings and unit scores
MotCua.Web.Features.Queue.QueueEndpoints.MapQueueEndpoints(app); // Issue 17, piece E: queue tickets and the desk's calls
app.MapRazorPages();

app.Run();

// The API answers 401/403 as problem+json; pages send an anonymous visitor to the sign-in page and show a signed-in
// officer whose role forbids the page a 403 page saying so (the sign-in form alone explained nothing). With both schemes
// challenged, whichever writes first wins.
static Func<RedirectContext<CookieAuthenticationOptions>, Task> ApiAwareRedirect(int status) => context =>
{
    if (!context.Request.Path.StartsWithSegments("/api"))
    {
        // A signed-in officer (a user id in the cookie), not an API key sent to a page: that caller is sent to sign in.
        if (status == StatusCodes.Status403Forbidden && Claims.UserIdOf(context.HttpContext.User) is not null && !context.Response.HasStarted)
            return Problems.Write(context.HttpContext, status, "Bạn không có quyền truy cập trang này",
                $"Tài khoản {context.HttpContext.User.Identity?.Name} đã đăng nhập nhưng vai trò của tài khoản không được mở trang {context.Request.Path}. "
                + "Hãy quay về trang chủ, hoặc đăng nhập bằng tài khoản khác nếu cần.");
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
    if (context.Response.HasStarted) return Task.CompletedTask;
    return status == StatusCodes.Status401Unauthorized
        ? Problems.Write(context.HttpContext, status, "Chưa xác thực", "Cần khóa API hợp lệ trong tiêu đề X-Api-Key, hoặc đăng nhập.")
        : Problems.Write(context.HttpContext, status, "Không có quyền", "Tài khoản không có quyền thực hiện thao tác này.");
};

public partial class Program;
