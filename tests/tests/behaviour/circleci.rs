//! Behaviour tests of the generated CircleCI client (`generated/circleci`) against a local mock
//! server: the exact request and the decoded response of each of the 110 operations (fixtures in
//! `tests/fixtures/circleci/`), project slugs in paths, the documented error bodies, pagination,
//! which operations are retried, and `Client::from_env`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use httpmock::prelude::*;
use runtime::ClientBuilder;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use testops_circleci::mock::{Expectation, MockServer as TypedMock, Reply};
use testops_circleci::types;
use testops_circleci::{Client, Credentials, Error, ErrorKind};

use crate::support::{
    client, fixture, fixture_path, hits, path_and_query, same_json, typed_fixture, uuid, EnvGuard,
    Exchange,
};

const VENDOR: &str = "circleci";

const TOKEN: &str = "circle-token-0123456789abcdef";
/// The project of the fixtures, and how the client writes it into a path.
const SLUG: &str = "gh/CircleCI-Public/api-preview-docs";
const SLUG_PATH: &str = "gh/CircleCI-Public/api-preview-docs";
const ORG_ID: &str = "c2f7e1a4-9b3d-4e8f-a1c6-5d2b7f9e0a13";
const PROJECT_ID: &str = "405d8375-3514-403b-8c43-83ae74cfe0e9";
const CONTEXT_ID: &str = "b2a8c5f0-3e4d-4a1b-9c7e-2f6d8e0a1b3c";
const RESTRICTION_ID: &str = "7b3e9f1a-0c2d-4e5f-8a6b-1c2d3e4f5a6b";
const PIPELINE_ID: &str = "5034460f-c7c4-4c43-9457-de07e2029e7b";
const DECISION_ID: &str = "6c1f4b1e-1d2a-4e3b-9c8d-7e6f5a4b3c2d";
const WORKFLOW: &str = "build-and-test";
const JOB_NUMBER: i64 = 40331;

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

/// A builder with this module's credentials.
fn builder() -> ClientBuilder<Client> {
    Client::builder(Credentials::new(TOKEN))
}

fn at(value: &str) -> DateTime<Utc> {
    value.parse().unwrap()
}

/// The typed request body of an operation, from its request fixture.
fn request_body<T: DeserializeOwned>(op: &str) -> T {
    typed_fixture(VENDOR, &format!("{op}.request"))
}

/// A page of a list operation: `items` and the cursor of the next page.
fn page<T: DeserializeOwned>(items: Vec<Value>, next_page_token: Value) -> T {
    serde_json::from_value(json!({"items": items, "next_page_token": next_page_token})).unwrap()
}

/// The HTTP status of an error, as a number.
fn status<E>(err: &Error<E>) -> Option<u16> {
    err.status().map(|s| s.as_u16())
}

fn ttl(claims: &types::ClaimResponse) -> Option<&str> {
    claims.ttl.as_deref().map(String::as_str)
}

fn owner_path(rest: &str) -> String {
    format!("/owner/{ORG_ID}/context/config{rest}")
}

const WORKFLOW_ID: &str = "fda08377-fe7e-46b1-8992-3a7aaecac9c3";
const JOB_ID: &str = "4d3f2a1b-8c7e-4f6a-9b5c-2e1d0c9b8a7f";
const APPROVAL_ID: &str = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f";
const USER_ID: &str = "6d9f3a2c-1b4e-4c8a-9f7d-2e5b8c1a4d7f";
const SCHEDULE_ID: &str = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";
const WEBHOOK_ID: &str = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
const GROUP_ID: &str = "39f660db-f49b-417e-ad79-2769ba29faf7";
const EXPORT_ID: &str = "e8235eed-f121-4ae3-9c72-2719d6572818";
const DEFINITION_ID: &str = "6cb29b00-8e02-4357-8bc0-313983bf1f46";
const TRIGGER_ID: &str = "bbea3a3d-4686-48b6-8d2d-2a14ace3913c";
const ENVIRONMENT_ID: &str = "1c23d2cb-07b1-4a28-8af3-e369732050ed";
const COMPONENT_ID: &str = "b9291e0d-a11e-41fb-8517-c545388b5953";
const ENTRY_ID: &str = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
const FINGERPRINT: &str = "SHA256:c9y7TxO0u1mQ2vJ3kR5hN6pL8aS9dF0gH1jK2lZ3xC4";
/// `FINGERPRINT` as a path segment (`:` and `+` are kept, nothing else to escape).
const FINGERPRINT_PATH: &str = "SHA256:c9y7TxO0u1mQ2vJ3kR5hN6pL8aS9dF0gH1jK2lZ3xC4";

/// The pipeline of the `get_pipeline_*` fixtures.
fn assert_fixture_pipeline(pipeline: &types::Pipeline) {
    assert_eq!(pipeline.id, uuid(PIPELINE_ID));
    assert_eq!(pipeline.number, 1876);
    assert_eq!(pipeline.project_slug, SLUG);
    assert_eq!(pipeline.trigger.type_, types::PipelineTriggerType::Webhook);
    assert_eq!(pipeline.trigger.actor.login, "octocat");
    assert_eq!(pipeline.trigger_parameters["git"]["branch"], json!("main"));
    let vcs = pipeline.vcs.as_ref().expect("vcs");
    assert_eq!(vcs.provider_name, "GitHub");
    assert_eq!(vcs.branch.as_deref(), Some("main"));
    assert_eq!(pipeline.updated_at, Some(at("2024-04-30T22:31:41.623Z")));
}

/// The two policies of the policy-bundle fixtures.
fn assert_fixture_bundle(bundle: &types::PolicyBundle) {
    assert_eq!(bundle.len(), 2);
    let policy = &bundle["use_official_docker_image"][0];
    assert_eq!(policy.name.as_deref(), Some("use_official_docker_image"));
    assert_eq!(policy.created_at, Some(at("2024-03-01T12:00:00.538Z")));
    assert!(policy
        .content
        .as_deref()
        .unwrap()
        .starts_with("package org"));
    assert_eq!(bundle["check_resource_class"].len(), 1);
}

/// The exchange of `op` (`POST`, ...) with the local server: the raw path and query it must
/// send, the status it is answered with.
fn expect<'a>(op: &'a str, method: Method, uri: &'a str, status: u16) -> Exchange<'a> {
    Exchange {
        vendor: VENDOR,
        op,
        method,
        uri,
        headers: &[("circle-token", TOKEN)],
        status,
    }
}

/// The table of per-operation exchanges; each row is one test, named after its operation:
///
/// ```text
/// op: METHOD "raw path and query" => status[, body RequestType];
/// |c| c.op().setter(..)..;      (the call, without `.body(..)` and `.send()`)
/// |value| { checks of the typed value }
/// ```
///
/// The row sends the call (with the body of `<op>.request.json` when a type is given) to a
/// server that answers only that method, path and query, `Circle-Token` and body, with
/// `<op>.response.json` and the status; the value must re-serialise to that answer
/// ([`Exchange::run`]), then the checks run.
macro_rules! exchanges {
    ($(
        $(#[$attr:meta])*
        $op:ident: $method:ident $uri:expr => $status:literal $(, body $body:ty)?;
        |$c:ident| $call:expr;
        |$value:ident| $check:block
    )*) => {
        $(
            $(#[$attr])*
            #[tokio::test]
            async fn $op() {
                let op = stringify!($op);
                let uri: &str = &$uri;
                #[allow(unused_variables)]
                let $value = expect(op, $method, uri, $status)
                    .run(builder(), |$c| async move {
                        $call $(.body(request_body::<$body>(op)))?.send().await
                    })
                    .await;
                $check
            }
        )*

        /// The operations of the table, in order.
        const OPERATIONS: &[&str] = &[$(stringify!($op)),*];
    };
}

// ------------------------------------------------------------------------------------------------
// Every operation: exact request, decoded response
// ------------------------------------------------------------------------------------------------

exchanges! {
    list_contexts: GET "/context?owner-slug=gh%2FCircleCI-Public&owner-type=organization" => 200;
    |c| c.list_contexts()
        .owner_slug("gh/CircleCI-Public")
        .owner_type(types::ListContextsOwnerType::Organization);
    |page| {
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].id, uuid(CONTEXT_ID));
        assert_eq!(page.items[1].name, "aws-prod");
        assert_eq!(page.items[1].created_at, at("2023-04-12T08:15:02.511Z"));
        assert_eq!(page.next_page_token, None);
    }

    create_context: POST "/context" => 200, body types::ContextCreateNewContextRequest;
    |c| c.create_context();
    |context| {
        assert_eq!(context.id, uuid(CONTEXT_ID));
        assert_eq!(context.name, "deploy-secrets");
        assert_eq!(context.created_at, at("2015-09-21T17:29:21.042Z"));
    }

    get_context: GET format!("/context/{CONTEXT_ID}") => 200;
    |c| c.get_context().context_id(uuid(CONTEXT_ID));
    |context| {
        assert_eq!(context.name, "deploy-secrets");
        assert_eq!(context.id, uuid(CONTEXT_ID));
    }

    delete_context: DELETE format!("/context/{CONTEXT_ID}") => 200;
    |c| c.delete_context().context_id(uuid(CONTEXT_ID));
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Context deleted."));
    }

    list_environment_variables_from_context: GET
        format!("/context/{CONTEXT_ID}/environment-variable?page-token=NTAwMA%3D%3D")
        => 200;
    |c| c.list_environment_variables_from_context()
        .context_id(uuid(CONTEXT_ID))
        .page_token("NTAwMA==");
    |page| {
        assert_eq!(page.items[0].variable, "POSTGRES_USER");
        assert_eq!(page.items[1].updated_at, at("2024-01-30T11:02:19.874Z"));
        assert_eq!(page.items[1].context_id, uuid(CONTEXT_ID));
        assert_eq!(page.next_page_token.as_deref(), Some("NjAwMDAwMDAwMA=="));
    }

    add_environment_variable_to_context: PUT
        format!("/context/{CONTEXT_ID}/environment-variable/POSTGRES_USER")
        => 200, body types::ContextUpdateEnvironmentVariableRequest;
    |c| c.add_environment_variable_to_context()
        .context_id(uuid(CONTEXT_ID))
        .env_var_name("POSTGRES_USER");
    |answer| {
        let types::ContextUpdateEnvironmentVariableResponse::ContextEnvironmentVariable(variable) =
            answer
        else {
            panic!("expected the variable, got {answer:?}");
        };
        assert_eq!(variable.variable, "POSTGRES_USER");
        assert_eq!(variable.context_id, uuid(CONTEXT_ID));
        assert_eq!(variable.created_at, at("2015-09-21T17:29:21.042Z"));
    }

    delete_environment_variable_from_context: DELETE
        format!("/context/{CONTEXT_ID}/environment-variable/POSTGRES_USER")
        => 200;
    |c| c.delete_environment_variable_from_context()
        .context_id(uuid(CONTEXT_ID))
        .env_var_name("POSTGRES_USER");
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Environment variable deleted."));
    }

    get_context_restrictions: GET format!("/context/{CONTEXT_ID}/restrictions") => 200;
    |c| c.get_context_restrictions().context_id(CONTEXT_ID);
    |list| {
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0].project_id, Some(uuid(PROJECT_ID)));
        assert_eq!(list.items[0].name.as_deref(), Some("api-preview-docs"));
        assert_eq!(
            list.items[1].restriction_type,
            Some(types::RestrictionType::Expression)
        );
        assert_eq!(list.items[1].project_id, None);
        assert_eq!(
            list.items[1].restriction_value.as_deref(),
            Some("pipeline.git.branch == \"main\"")
        );
    }

    create_context_restriction: POST format!("/context/{CONTEXT_ID}/restrictions")
        => 201, body types::ContextCreateRestrictionRequest;
    |c| c.create_context_restriction().context_id(CONTEXT_ID);
    |created| {
        assert_eq!(created.id, Some(uuid(RESTRICTION_ID)));
        // The document's created restriction has no `context_id`.
        assert_eq!(created.context_id, None);
        assert_eq!(
            created.restriction_type,
            Some(types::RestrictionType::Project)
        );
        assert_eq!(created.restriction_value.as_deref(), Some(PROJECT_ID));
    }

    delete_context_restriction: DELETE
        format!("/context/{CONTEXT_ID}/restrictions/{RESTRICTION_ID}")
        => 200;
    |c| c.delete_context_restriction().context_id(CONTEXT_ID).restriction_id(RESTRICTION_ID);
    |deleted| {
        assert_eq!(
            deleted.message.as_deref(),
            Some("Context restriction deleted.")
        );
    }

    get_project_workflows_page_data: GET
        format!(
            "/insights/pages/{SLUG_PATH}/summary?branches=main&branches=feature%2Fdesign-new-api\
             &reporting-window=last-30-days&workflow-names=build-and-test&workflow-names=nightly"
        )
        => 200;
    |c| c.get_project_workflows_page_data()
        .project_slug(SLUG)
        .branches(vec!["main".to_string(), "feature/design-new-api".into()])
        .reporting_window(types::ReportingWindow::Last30Days)
        .workflow_names(vec![WORKFLOW.to_string(), "nightly".into()]);
    |summary| {
        assert_eq!(summary.all_workflows, [WORKFLOW, "nightly"]);
        assert_eq!(summary.project_id, Some(json!(PROJECT_ID)));
        let project = summary.project_data.expect("project_data");
        assert_eq!(project.metrics.total_runs, 412);
        assert_eq!(project.metrics.success_rate, 0.87);
        assert_eq!(summary.project_workflow_data[1].workflow_name, "nightly");
        assert_eq!(
            summary.project_workflow_data[1].metrics.p95_duration_secs,
            1540.5
        );
        assert_eq!(summary.project_workflow_branch_data[0].branch, "main");
    }

    get_job_timeseries: GET
        format!(
            "/insights/time-series/{SLUG_PATH}/workflows/{WORKFLOW}/jobs?branch=main\
             &end-date=2024-05-02T00%3A00%3A00Z&granularity=daily&start-date=2024-05-01T00%3A00%3A00Z"
        )
        => 200;
    |c| c.get_job_timeseries()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .branch("main")
        .granularity(types::GetJobTimeseriesGranularity::Daily)
        .start_date(at("2024-05-01T00:00:00Z"))
        .end_date(at("2024-05-02T00:00:00Z"));
    |series| {
        assert_eq!(series.items.len(), 2);
        assert_eq!(series.items[0].name, "build");
        assert_eq!(series.items[0].min_started_at, at("2024-05-01T00:03:11Z"));
        assert_eq!(series.items[1].metrics.total_credits_used, 3790);
        assert_eq!(series.items[1].metrics.duration_metrics.p95, Some(398));
    }

    get_org_summary_data: GET
        "/insights/gh/CircleCI-Public/summary?project-names=api-preview-docs\
                   &project-names=circleci-cli&reporting-window=last-7-days"
        => 200;
    |c| c.get_org_summary_data()
        .org_slug("gh/CircleCI-Public")
        .project_names(vec!["api-preview-docs".to_string(), "circleci-cli".into()])
        .reporting_window(types::ReportingWindow::Last7Days);
    |summary| {
        assert_eq!(summary.org_data.metrics.total_runs, 1530);
        assert_eq!(summary.org_data.trends.total_runs, 1.08);
        assert_eq!(summary.org_project_data[0].project_name, "api-preview-docs");
        assert_eq!(
            summary.org_project_data[0].metrics.total_credits_used,
            58120
        );
        assert_eq!(
            summary.all_projects.as_deref(),
            Some(&["api-preview-docs".to_string(), "circleci-cli".into()][..])
        );
    }

    get_all_insights_branches: GET
        format!("/insights/{SLUG_PATH}/branches?workflow-name={WORKFLOW}")
        => 200;
    |c| c.get_all_insights_branches().project_slug(SLUG).workflow_name(WORKFLOW);
    |branches| {
        assert_eq!(
            branches.branches,
            ["main", "feature/design-new-api", "release/3.1"]
        );
        assert_eq!(branches.org_id, json!(ORG_ID));
    }

    get_flaky_tests: GET format!("/insights/{SLUG_PATH}/flaky-tests") => 200;
    |c| c.get_flaky_tests().project_slug(SLUG);
    |flaky| {
        assert_eq!(flaky.total_flaky_tests, 2.0);
        assert_eq!(flaky.flaky_tests.len(), 2);
        assert_eq!(
            flaky.flaky_tests[0].test_name,
            "test_trigger_pipeline_retries"
        );
        assert_eq!(flaky.flaky_tests[0].times_flaked, 3);
        assert_eq!(flaky.flaky_tests[0].time_wasted, Some(412));
        assert_eq!(flaky.flaky_tests[1].classname, None);
        assert_eq!(flaky.flaky_tests[1].job_number, 40398);
    }

    get_project_workflow_metrics: GET
        format!("/insights/{SLUG_PATH}/workflows?all-branches=true&reporting-window=last-90-days")
        => 200;
    |c| c.get_project_workflow_metrics()
        .project_slug(SLUG)
        .all_branches(true)
        .reporting_window(types::ReportingWindow::Last90Days);
    |page| {
        assert_eq!(page.items[0].name, WORKFLOW);
        assert_eq!(page.items[0].metrics.mttr, Some(3410));
        assert_eq!(page.items[1].metrics.mttr, None);
        assert_eq!(
            page.items[1].metrics.duration_metrics.standard_deviation,
            None
        );
        assert_eq!(page.items[1].window_end, at("2024-04-30T03:25:09Z"));
        assert_eq!(page.next_page_token.as_deref(), Some("eyJvZmZzZXQiOjJ9"));
    }

    get_project_workflow_runs: GET
        format!(
            "/insights/{SLUG_PATH}/workflows/{WORKFLOW}?branch=main\
             &end-date=2024-04-30T23%3A59%3A59Z&start-date=2024-04-01T00%3A00%3A00Z"
        )
        => 200;
    |c| c.get_project_workflow_runs()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .branch("main")
        .start_date(at("2024-04-01T00:00:00Z"))
        .end_date(at("2024-04-30T23:59:59Z"));
    |page| {
        assert_eq!(
            page.items[0].id,
            uuid("fda08377-fe7e-46b1-8992-3a7aaecac9c3")
        );
        assert_eq!(
            page.items[0].status,
            Some(types::InsightsWorkflowRunStatus::Success)
        );
        assert_eq!(page.items[0].credits_used, 140);
        assert_eq!(page.items[1].status, None);
        assert_eq!(page.items[1].duration, None);
        assert_eq!(page.items[1].stopped_at, None);
    }

    get_project_workflow_job_metrics: GET
        format!("/insights/{SLUG_PATH}/workflows/{WORKFLOW}/jobs?branch=main&page-token=p2")
        => 200;
    |c| c.get_project_workflow_job_metrics()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .branch("main")
        .page_token("p2");
    |page| {
        assert_eq!(page.items[0].name, "test");
        assert_eq!(page.items[0].metrics.successful_runs, 339);
        assert_eq!(page.items[0].metrics.duration_metrics.median, Some(430));
        assert_eq!(page.items[0].window_start, at("2024-02-01T10:12:00Z"));
    }

    get_workflow_summary: GET
        format!("/insights/{SLUG_PATH}/workflows/{WORKFLOW}/summary?all-branches=true")
        => 200;
    |c| c.get_workflow_summary().project_slug(SLUG).workflow_name(WORKFLOW).all_branches(true);
    |summary| {
        assert_eq!(summary.metrics.total_runs, 380);
        assert_eq!(summary.metrics.completed_runs, Some(378));
        assert_eq!(summary.metrics.window_end, at("2024-04-30T22:40:13Z"));
        assert_eq!(summary.metrics.duration_metrics.max, Some(1203));
        assert_eq!(summary.trends.failed_runs, 0.85);
        assert_eq!(summary.workflow_names, [WORKFLOW, "nightly"]);
    }

    get_project_workflow_test_metrics: GET
        format!("/insights/{SLUG_PATH}/workflows/{WORKFLOW}/test-metrics?branch=main")
        => 200;
    |c| c.get_project_workflow_test_metrics()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .branch("main");
    |metrics| {
        assert_eq!(metrics.average_test_count, 1240);
        assert!(metrics.most_failed_tests[0].flaky);
        assert_eq!(metrics.most_failed_tests[0].p95_duration, Some(2.31));
        assert_eq!(metrics.slowest_tests[1].p95_duration, None);
        assert_eq!(metrics.slowest_tests_extra, 2);
        assert_eq!(metrics.test_runs[0].test_counts.success, 1226);
    }

    get_job_details: GET format!("/project/{SLUG_PATH}/job/{JOB_NUMBER}") => 200;
    |c| c.get_job_details().project_slug(SLUG).job_number(JOB_NUMBER);
    |job| {
        assert_eq!(job.number, JOB_NUMBER);
        assert_eq!(job.status, types::JobStatus::Success);
        assert_eq!(job.project.slug, SLUG);
        assert_eq!(job.parallel_runs.len(), 2);
        assert_eq!(job.executor.type_.as_deref(), Some("docker"));
        assert_eq!(job.duration, Some(301442));
        assert_eq!(job.pipeline.id, uuid(PIPELINE_ID));
        assert_eq!(job.stopped_at, Some(at("2024-04-30T22:37:04.323Z")));
        assert_eq!(job.contexts[0].name, "deploy-secrets");
    }

    cancel_job: POST format!("/project/{SLUG_PATH}/job/{JOB_NUMBER}/cancel") => 200;
    |c| c.cancel_job().project_slug(SLUG).job_number(JOB_NUMBER);
    |cancelled| {
        assert_eq!(cancelled.message.as_deref(), Some("Job cancelled"));
    }

    get_job_artifacts: GET format!("/project/{SLUG_PATH}/{JOB_NUMBER}/artifacts") => 200;
    |c| c.get_job_artifacts().project_slug(SLUG).job_number(JOB_NUMBER);
    |artifacts| {
        assert_eq!(artifacts.items.len(), 2);
        assert_eq!(artifacts.items[0].path, "test-results/junit.xml");
        assert_eq!(artifacts.items[1].node_index, 1);
        assert!(artifacts.items[1].url.ends_with("/1/coverage/index.html"));
        assert_eq!(artifacts.next_page_token, None);
    }

    get_tests: GET format!("/project/{SLUG_PATH}/{JOB_NUMBER}/tests") => 200;
    |c| c.get_tests().project_slug(SLUG).job_number(JOB_NUMBER);
    |tests| {
        assert_eq!(tests.items[0].result, "success");
        assert_eq!(tests.items[0].message, None);
        assert_eq!(tests.items[1].run_time, 2.31);
        assert_eq!(
            tests.items[1].message.as_deref(),
            Some("AssertionError: expected 201, got 429")
        );
    }

    get_org_claims: GET format!("/org/{ORG_ID}/oidc-custom-claims") => 200;
    |c| c.get_org_claims().org_id(uuid(ORG_ID));
    |claims| {
        assert_eq!(claims.org_id, uuid(ORG_ID));
        assert_eq!(claims.project_id, None);
        assert_eq!(ttl(&claims), Some("1h"));
        assert_eq!(
            claims.audience.as_deref(),
            Some(
                &[
                    "sts.amazonaws.com".to_string(),
                    "https://vault.example.com".into()
                ][..]
            )
        );
    }

    delete_org_claims: DELETE format!("/org/{ORG_ID}/oidc-custom-claims?claims=ttl") => 200;
    |c| c.delete_org_claims().org_id(uuid(ORG_ID)).claims("ttl");
    |claims| {
        assert_eq!(claims.ttl, None);
        assert_eq!(claims.audience.map(|a| a.len()), Some(2));
        assert_eq!(
            claims.audience_updated_at,
            Some(at("2024-03-02T10:11:12.345Z"))
        );
    }

    patch_org_claims: PATCH format!("/org/{ORG_ID}/oidc-custom-claims")
        => 200, body types::PatchClaimsRequest;
    |c| c.patch_org_claims().org_id(uuid(ORG_ID));
    |claims| {
        assert_eq!(ttl(&claims), Some("1h"));
        assert_eq!(claims.ttl_updated_at, Some(at("2024-03-02T10:11:12.345Z")));
    }

    get_project_claims: GET format!("/org/{ORG_ID}/project/{PROJECT_ID}/oidc-custom-claims") => 200;
    |c| c.get_project_claims().org_id(uuid(ORG_ID)).project_id(uuid(PROJECT_ID));
    |claims| {
        assert_eq!(claims.project_id, Some(uuid(PROJECT_ID)));
        assert_eq!(ttl(&claims), Some("30m"));
        assert_eq!(
            claims.audience.as_deref(),
            Some(&["sts.amazonaws.com".to_string()][..])
        );
    }

    delete_project_claims: DELETE
        format!("/org/{ORG_ID}/project/{PROJECT_ID}/oidc-custom-claims?claims=audience")
        => 200;
    |c| c.delete_project_claims()
        .org_id(uuid(ORG_ID))
        .project_id(uuid(PROJECT_ID))
        .claims("audience");
    |claims| {
        assert_eq!(claims.audience, None);
        assert_eq!(ttl(&claims), Some("30m"));
        assert_eq!(claims.ttl_updated_at, Some(at("2024-03-05T16:40:00.127Z")));
    }

    patch_project_claims: PATCH format!("/org/{ORG_ID}/project/{PROJECT_ID}/oidc-custom-claims")
        => 200, body types::PatchClaimsRequest;
    |c| c.patch_project_claims().org_id(uuid(ORG_ID)).project_id(uuid(PROJECT_ID));
    |claims| {
        assert_eq!(claims.project_id, Some(uuid(PROJECT_ID)));
        assert_eq!(ttl(&claims), Some("30m"));
    }

    list_pipelines: GET "/pipeline?mine=true&org-slug=gh%2FCircleCI-Public" => 200;
    |c| c.list_pipelines().org_slug("gh/CircleCI-Public").mine(true);
    |page| {
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].state, types::PipelineState::Created);
        assert_eq!(page.items[1].state, types::PipelineState::Errored);
        assert_eq!(
            page.items[1].errors[0].type_,
            types::PipelineErrorsItemType::Config
        );
        assert_eq!(page.items[1].trigger.actor.avatar_url, None);
        assert_eq!(
            page.next_page_token.as_deref(),
            Some("AARLwwV_m4kXuNC1lzZBxb0ehqzNKD3zMkwU1ndOoX23rJUr")
        );
    }

    continue_pipeline: POST "/pipeline/continue"
        => 200, body types::PipelineContinueExecutionRequest;
    |c| c.continue_pipeline();
    |continued| {
        assert_eq!(continued.message.as_deref(), Some("Pipeline continued"));
    }

    get_pipeline_by_id: GET format!("/pipeline/{PIPELINE_ID}") => 200;
    |c| c.get_pipeline_by_id().pipeline_id(uuid(PIPELINE_ID));
    |pipeline| {
        assert_fixture_pipeline(&pipeline);
    }

    get_pipeline_config_by_id: GET format!("/pipeline/{PIPELINE_ID}/config") => 200;
    |c| c.get_pipeline_config_by_id().pipeline_id(uuid(PIPELINE_ID));
    |config| {
        assert!(config.source.starts_with("version: 2.1\norbs:"));
        assert!(config.compiled.contains("command: npm test"));
        assert_eq!(config.setup_config, None);
    }

    list_workflows_by_pipeline_id: GET format!("/pipeline/{PIPELINE_ID}/workflow") => 200;
    |c| c.list_workflows_by_pipeline_id().pipeline_id(uuid(PIPELINE_ID));
    |page| {
        assert_eq!(page.items[0].name, WORKFLOW);
        assert_eq!(page.items[0].status, types::WorkflowStatus::Success);
        assert_eq!(page.items[0].pipeline_id, uuid(PIPELINE_ID));
        assert_eq!(page.items[1].status, types::WorkflowStatus::OnHold);
        assert_eq!(page.items[1].stopped_at, None);
        assert_eq!(page.items[1].pipeline_number, 1876);
    }

    list_pipelines_for_project: GET format!("/project/{SLUG_PATH}/pipeline?branch=main") => 200;
    |c| c.list_pipelines_for_project().project_slug(SLUG).branch("main");
    |page| {
        assert_fixture_pipeline(&page.items[0]);
        assert_eq!(page.items[1].number, 1875);
        assert_eq!(page.next_page_token, None);
    }

    trigger_pipeline: POST format!("/project/{SLUG_PATH}/pipeline")
        => 201, body types::PipelineTriggerNewPipelineRequest;
    |c| c.trigger_pipeline().project_slug(SLUG);
    |created| {
        assert_eq!(created.id, uuid(PIPELINE_ID));
        assert_eq!(created.number, 1877);
        assert_eq!(created.state, types::PipelineCreationState::Pending);
        assert_eq!(created.created_at, at("2024-05-01T09:12:45.337Z"));
    }

    list_my_pipelines: GET format!("/project/{SLUG_PATH}/pipeline/mine") => 200;
    |c| c.list_my_pipelines().project_slug(SLUG);
    |page| {
        assert_eq!(page.items.len(), 1);
        assert_fixture_pipeline(&page.items[0]);
    }

    get_pipeline_by_number: GET format!("/project/{SLUG_PATH}/pipeline/1876") => 200;
    |c| c.get_pipeline_by_number().project_slug(SLUG).pipeline_number(1876);
    |pipeline| {
        assert_fixture_pipeline(&pipeline);
    }

    get_decision_logs: GET
        owner_path(
            "/decision?after=2024-04-01T00%3A00%3A00Z&before=2024-05-01T00%3A00%3A00Z&branch=main\
             &build_number=1876&offset=20&project_id=405d8375-3514-403b-8c43-83ae74cfe0e9&status=HARD_FAIL",
        )
        => 200;
    |c| c.get_decision_logs()
        .owner_id(ORG_ID)
        .context("config")
        .status("HARD_FAIL")
        .after(at("2024-04-01T00:00:00Z"))
        .before(at("2024-05-01T00:00:00Z"))
        .branch("main")
        .project_id(PROJECT_ID)
        .build_number("1876")
        .offset(20);
    |logs| {
        assert_eq!(logs.len(), 2);
        assert_eq!(logs[0].id, Some(uuid(DECISION_ID)));
        let decision = logs[0].decision.as_ref().unwrap();
        assert_eq!(decision.status, "HARD_FAIL");
        assert_eq!(decision.hard_failures[0].rule, "use_official_docker_image");
        assert_eq!(logs[1].decision.as_ref().unwrap().hard_failures, []);
        assert_eq!(logs[1].metadata.as_ref().unwrap().build_number, Some(1875));
        assert_eq!(logs[1].time_taken_ms, Some(9));
    }

    make_decision: POST owner_path("/decision")
        => 200, body types::PolicyManagementEvaluateInputDataRequest;
    |c| c.make_decision().owner_id(ORG_ID).context("config");
    |decision| {
        assert_eq!(decision.status, "HARD_FAIL");
        assert_eq!(decision.enabled_rules.len(), 2);
        assert_eq!(decision.soft_failures[0].rule, "check_resource_class");
        assert_eq!(decision.reason, None);
    }

    get_decision_settings: GET owner_path("/decision/settings") => 200;
    |c| c.get_decision_settings().owner_id(ORG_ID).context("config");
    |settings| {
        assert_eq!(settings.enabled, Some(true));
    }

    set_decision_settings: PATCH owner_path("/decision/settings")
        => 200, body types::DecisionSettings;
    |c| c.set_decision_settings().owner_id(ORG_ID).context("config");
    |settings| {
        assert_eq!(settings.enabled, Some(true));
    }

    get_decision_log: GET owner_path(&format!("/decision/{DECISION_ID}")) => 200;
    |c| c.get_decision_log().owner_id(ORG_ID).context("config").decision_id(DECISION_ID);
    |log| {
        assert_eq!(log.id, Some(uuid(DECISION_ID)));
        assert_eq!(log.created_at, Some(at("2024-04-30T22:31:41.623Z")));
        let metadata = log.metadata.as_ref().unwrap();
        assert_eq!(metadata.project_id, Some(uuid(PROJECT_ID)));
        assert_eq!(metadata.ssh_rerun, Some(false));
        assert_eq!(
            metadata.vcs.as_ref().unwrap().branch.as_deref(),
            Some("main")
        );
        assert_eq!(log.policies.len(), 2);
        assert!(log.policies.contains_key("check_resource_class"));
        assert_eq!(log.time_taken_ms, Some(14));
    }

    get_decision_log_policy_bundle: GET
        owner_path(&format!("/decision/{DECISION_ID}/policy-bundle"))
        => 200;
    |c| c.get_decision_log_policy_bundle()
        .owner_id(ORG_ID)
        .context("config")
        .decision_id(DECISION_ID);
    |bundle| {
        assert_fixture_bundle(&bundle);
    }

    get_policy_bundle: GET owner_path("/policy-bundle") => 200;
    |c| c.get_policy_bundle().owner_id(ORG_ID).context("config");
    |bundle| {
        assert_fixture_bundle(&bundle);
    }

    create_policy_bundle: POST owner_path("/policy-bundle") => 201, body types::BundlePayload;
    |c| c.create_policy_bundle().owner_id(ORG_ID).context("config");
    |stored| {
        // Stored: 201.
        assert_eq!(stored.created, ["check_resource_class"]);
        assert_eq!(stored.modified, ["use_official_docker_image"]);
        assert!(stored.deleted.is_empty());
        // Dry run: 200, same body shape.
        let op = "create_policy_bundle";
        let uri = owner_path("/policy-bundle?dry=true");
        let dry = expect(op, POST, &uri, 200)
            .run(builder(), |c| async move {
                c.create_policy_bundle()
                    .owner_id(ORG_ID)
                    .context("config")
                    .dry(true)
                    .body(request_body::<types::BundlePayload>(op))
                    .send()
                    .await
            })
            .await;
        assert_eq!(dry, stored);
    }

    get_policy_document: GET owner_path("/policy-bundle/use_official_docker_image") => 200;
    |c| c.get_policy_document()
        .owner_id(ORG_ID)
        .context("config")
        .policy_name("use_official_docker_image");
    |policy| {
        assert_eq!(policy.name.as_deref(), Some("use_official_docker_image"));
        assert_eq!(
            policy.created_by.as_deref(),
            Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        );
    }

    get_project_by_slug: GET format!("/project/{SLUG_PATH}") => 200;
    |c| c.get_project_by_slug().project_slug(SLUG);
    |project| {
        assert_eq!(project.slug, SLUG);
        assert_eq!(project.id, uuid(PROJECT_ID));
        assert_eq!(project.organization_id, uuid(ORG_ID));
        assert_eq!(
            project.vcs_info.provider,
            types::ProjectVcsInfoProvider::GitHub
        );
        assert_eq!(project.vcs_info.default_branch, "main");
    }

    list_checkout_keys: GET format!("/project/{SLUG_PATH}/checkout-key?digest=sha256") => 200;
    |c| c.list_checkout_keys().project_slug(SLUG).digest(types::ListCheckoutKeysDigest::Sha256);
    |keys| {
        assert_eq!(keys.items.len(), 1);
        assert_eq!(keys.items[0].type_, types::CheckoutKeyType::DeployKey);
        assert!(keys.items[0].preferred);
        assert!(keys.items[0].public_key.starts_with("ssh-ed25519 "));
        assert_eq!(keys.items[0].created_at, at("2023-06-14T09:21:33.512Z"));
    }

    // --------------------------------------------------------------------------------------------
    // Operations of the published document that the captured page did not have
    // --------------------------------------------------------------------------------------------

    cancel_job_by_job_id: POST format!("/jobs/{JOB_ID}/cancel") => 200;
    |c| c.cancel_job_by_job_id().job_id(uuid(JOB_ID));
    |cancelled| {
        assert_eq!(cancelled.message.as_deref(), Some("Job cancelled"));
    }

    get_current_user: GET "/me" => 200;
    |c| c.get_current_user();
    |user| {
        assert_eq!(user.id, uuid(USER_ID));
        assert_eq!(user.login, "octocat");
        assert!(user.avatar_url.is_some());
    }

    get_collaborations: GET "/me/collaborations" => 200;
    |c| c.get_collaborations();
    |orgs| {
        assert_eq!(orgs.len(), 2);
        assert_eq!(orgs[0].id, Some(uuid(ORG_ID)));
        assert_eq!(orgs[0].vcs_type, "github");
        assert_eq!(orgs[1].id, None);
        assert_eq!(orgs[1].slug, "bb/acme");
    }

    get_user: GET format!("/user/{USER_ID}") => 200;
    |c| c.get_user().id(uuid(USER_ID));
    |user| {
        assert_eq!(user.name, "Mona Lisa Octocat");
        assert_eq!(user.avatar_url, None);
    }

    create_organization: POST "/organization" => 201, body types::CreateOrganizationRequest;
    |c| c.create_organization();
    |org| {
        assert_eq!(org.name, "acme-platform");
        assert_eq!(org.vcs_type, types::OrgVcsType::Circleci);
        assert!(org.slug.starts_with("circleci/"));
    }

    // A slug's slash is escaped like a project slug's.
    delete_organization: DELETE "/organization/gh/CircleCI-Public" => 202;
    |c| c.delete_organization().org_slug_or_id("gh/CircleCI-Public");
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Organization deletion started"));
    }

    create_project: POST format!("/organization/{ORG_ID}/project")
        => 200, body types::CreateProjectRequest;
    |c| c.create_project().org_slug_or_id(ORG_ID);
    |project| {
        assert_eq!(project.slug, SLUG);
        assert_eq!(project.id, uuid(PROJECT_ID));
    }

    list_url_orb_allow_list_entries: GET format!("/organization/{ORG_ID}/url-orb-allow-list")
        => 200;
    |c| c.list_url_orb_allow_list_entries().org_slug_or_id(ORG_ID);
    |list| {
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0].auth, types::UrlOrbAllowListAuth::None);
        assert_eq!(list.items[0].prefix, json!("https://orbs.acme.example/"));
        assert_eq!(list.items[1].auth, types::UrlOrbAllowListAuth::GithubApp);
    }

    create_url_orb_allow_list_entry: POST format!("/organization/{ORG_ID}/url-orb-allow-list")
        => 200, body types::CreateUrlOrbAllowListEntryRequest;
    |c| c.create_url_orb_allow_list_entry().org_slug_or_id(ORG_ID);
    |created| {
        assert_eq!(created.id, ENTRY_ID);
    }

    remove_url_orb_allow_list_entry: DELETE
        format!("/organization/{ORG_ID}/url-orb-allow-list/{ENTRY_ID}")
        => 200;
    |c| c.remove_url_orb_allow_list_entry().org_slug_or_id(ORG_ID).allow_list_entry_id(ENTRY_ID);
    |removed| {
        assert_eq!(removed.message, "URL orb allow-list entry removed");
    }

    get_pipeline_values_by_id: GET format!("/pipeline/{PIPELINE_ID}/values") => 200;
    |c| c.get_pipeline_values_by_id().pipeline_id(uuid(PIPELINE_ID));
    |values| {
        assert_eq!(values["pipeline.git.branch"], json!("main"));
        assert_eq!(values["pipeline.number"], json!(3488));
        assert_eq!(values["pipeline.git.branch.is_default"], json!(true));
    }

    trigger_pipeline_run: POST "/project/gh/CircleCI-Public/api-preview-docs/pipeline/run"
        => 201, body types::PipelineRequest;
    |c| c.trigger_pipeline_run()
        .provider(types::SlugProvider::Gh)
        .organization("CircleCI-Public")
        .project("api-preview-docs");
    |created| {
        let types::TriggerPipelineRunResponse::TriggeredPipeline(pipeline) = created else {
            panic!("201 decoded as {created:?}");
        };
        assert_eq!(pipeline.id, Some(uuid(PIPELINE_ID)));
        assert_eq!(pipeline.number, Some(3489));
        assert_eq!(pipeline.state, Some(types::TriggeredPipelineState::Created));
    }

    delete_project_by_slug: DELETE format!("/project/{SLUG_PATH}") => 200;
    |c| c.delete_project_by_slug().project_slug(SLUG);
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Project deleted"));
    }

    create_checkout_key: POST format!("/project/{SLUG_PATH}/checkout-key") => 201;
    |c| c.create_checkout_key()
        .project_slug(SLUG)
        .body(
            types::CheckoutKeyInput::try_from(
                types::CheckoutKeyInput::builder().type_(types::CheckoutKeyInputType::UserKey),
            )
            .unwrap(),
        );
    |key| {
        assert_eq!(key.type_, types::CheckoutKeyType::GithubUserKey);
        assert_eq!(key.fingerprint, FINGERPRINT);
        assert!(key.public_key.starts_with("ssh-rsa "));
        assert_eq!(key.created_at, at("2024-02-11T16:03:51.208Z"));
    }

    get_checkout_key: GET format!("/project/{SLUG_PATH}/checkout-key/{FINGERPRINT_PATH}") => 200;
    |c| c.get_checkout_key().project_slug(SLUG).fingerprint(FINGERPRINT);
    |key| {
        assert_eq!(key.type_, types::CheckoutKeyType::DeployKey);
        assert!(key.preferred);
    }

    delete_checkout_key: DELETE format!("/project/{SLUG_PATH}/checkout-key/{FINGERPRINT_PATH}")
        => 200;
    |c| c.delete_checkout_key().project_slug(SLUG).fingerprint(FINGERPRINT);
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Checkout key deleted"));
    }

    list_env_vars: GET format!("/project/{SLUG_PATH}/envvar") => 200;
    |c| c.list_env_vars().project_slug(SLUG);
    |vars| {
        assert_eq!(vars.items.len(), 2);
        assert_eq!(vars.items[0].name, "AWS_REGION");
        assert_eq!(
            vars.items[0].created_at,
            Some(json!("2023-11-02T12:30:45.000Z"))
        );
        assert_eq!(vars.items[1].value, "xxxxa1b2");
        assert_eq!(vars.items[1].created_at, None);
    }

    create_env_var: POST format!("/project/{SLUG_PATH}/envvar") => 201;
    |c| c.create_env_var()
        .project_slug(SLUG)
        .body(
            types::EnvironmentVariableInput::try_from(
                types::EnvironmentVariableInput::builder()
                    .name("NPM_TOKEN")
                    .value("npm_0123456789abcdefa1b2"),
            )
            .unwrap(),
        );
    |var| {
        assert_eq!(var.name, "NPM_TOKEN");
        assert_eq!(var.value, "xxxxa1b2");
    }

    get_env_var: GET format!("/project/{SLUG_PATH}/envvar/AWS_REGION") => 200;
    |c| c.get_env_var().project_slug(SLUG).name("AWS_REGION");
    |var| {
        assert_eq!(var.value, "xxxx-1");
        assert_eq!(var.created_at, None);
    }

    delete_env_var: DELETE format!("/project/{SLUG_PATH}/envvar/NPM_TOKEN") => 200;
    |c| c.delete_env_var().project_slug(SLUG).name("NPM_TOKEN");
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Environment variable deleted"));
    }

    create_project1: POST "/project/gh/CircleCI-Public/api-preview-docs" => 201;
    |c| c.create_project1()
        .provider(types::SlugProvider::Gh)
        .organization("CircleCI-Public")
        .project("api-preview-docs");
    |settings| {
        let advanced = settings.advanced.unwrap();
        assert_eq!(advanced.build_prs_only, Some(true));
        assert_eq!(advanced.pr_only_branch_overrides, ["main", "release/*"]);
    }

    get_project_settings: GET "/project/bitbucket/acme/web-app/settings" => 200;
    |c| c.get_project_settings()
        .provider(types::SlugProvider::Bitbucket)
        .organization("acme")
        .project("web-app");
    |settings| {
        assert_eq!(settings.advanced.unwrap().setup_workflows, Some(true));
    }

    patch_project_settings: PATCH "/project/gh/CircleCI-Public/api-preview-docs/settings"
        => 200, body types::ProjectSettings;
    |c| c.patch_project_settings()
        .provider(types::SlugProvider::Gh)
        .organization("CircleCI-Public")
        .project("api-preview-docs");
    |settings| {
        let advanced = settings.advanced.unwrap();
        assert_eq!(advanced.build_prs_only, Some(false));
        assert_eq!(advanced.pr_only_branch_overrides, ["main"]);
    }

    list_schedules_for_project: GET format!("/project/{SLUG_PATH}/schedule") => 200;
    |c| c.list_schedules_for_project().project_slug(SLUG);
    |page| {
        assert_eq!(page.items.len(), 2);
        let nightly = &page.items[0];
        assert_eq!(nightly.id, uuid(SCHEDULE_ID));
        assert_eq!(nightly.actor.login, "octocat");
        assert_eq!(nightly.parameters["shards"], json!(4));
        let types::Timetable::Weekday(weekly) = &nightly.timetable else {
            panic!("{:?}", nightly.timetable);
        };
        assert_eq!(weekly.days_of_week.len(), 5);
        assert_eq!(weekly.days_of_week[0], types::Weekday::Mon);
        assert_eq!(weekly.hours_of_day, [2]);
        let monthly = &page.items[1];
        assert_eq!(monthly.description, None);
        let types::Timetable::MonthDay(by_day) = &monthly.timetable else {
            panic!("{:?}", monthly.timetable);
        };
        assert_eq!(by_day.days_of_month, [1, 15]);
        assert_eq!(by_day.months[1], types::Month::Apr);
    }

    create_schedule: POST format!("/project/{SLUG_PATH}/schedule")
        => 201, body types::CreateScheduleParameters;
    |c| c.create_schedule().project_slug(SLUG);
    |schedule| {
        assert_eq!(schedule.name, "nightly");
        assert_eq!(schedule.created_at, at("2024-01-08T10:00:00.000Z"));
    }

    get_schedule_by_id: GET format!("/schedule/{SCHEDULE_ID}") => 200;
    |c| c.get_schedule_by_id().schedule_id(uuid(SCHEDULE_ID));
    |schedule| {
        assert_eq!(schedule.name, "monthly audit");
    }

    update_schedule: PATCH format!("/schedule/{SCHEDULE_ID}")
        => 200, body types::UpdateScheduleParameters;
    |c| c.update_schedule().schedule_id(uuid(SCHEDULE_ID));
    |schedule| {
        assert_eq!(schedule.description, None);
        assert_eq!(schedule.updated_at, at("2024-05-02T09:30:00.000Z"));
    }

    delete_schedule_by_id: DELETE format!("/schedule/{SCHEDULE_ID}") => 200;
    |c| c.delete_schedule_by_id().schedule_id(uuid(SCHEDULE_ID));
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Schedule deleted"));
    }

    create_webhook: POST "/webhook" => 201, body types::CreateWebhookRequest;
    |c| c.create_webhook();
    |hook| {
        assert_eq!(hook.id, uuid(WEBHOOK_ID));
        assert_eq!(hook.scope.id, uuid(PROJECT_ID));
        assert_eq!(hook.scope.type_, "project");
        assert_eq!(
            hook.events,
            [
                types::WebhookEvent::WorkflowCompleted,
                types::WebhookEvent::JobCompleted
            ]
        );
    }

    get_webhooks: GET format!("/webhook?scope-id={PROJECT_ID}&scope-type=project") => 200;
    |c| c.get_webhooks().scope_id(uuid(PROJECT_ID)).scope_type(types::WebhookScopeType::Project);
    |hooks| {
        assert_eq!(hooks.items.len(), 1);
        assert!(hooks.items[0].verify_tls);
    }

    get_webhook_by_id: GET format!("/webhook/{WEBHOOK_ID}") => 200;
    |c| c.get_webhook_by_id().webhook_id(uuid(WEBHOOK_ID));
    |hook| {
        assert_eq!(hook.url, "https://hooks.acme.example/circleci");
    }

    update_webhook: PUT format!("/webhook/{WEBHOOK_ID}") => 200, body types::UpdateWebhookRequest;
    |c| c.update_webhook().webhook_id(uuid(WEBHOOK_ID));
    |hook| {
        assert!(!hook.verify_tls);
        assert_eq!(hook.events, [types::WebhookEvent::WorkflowCompleted]);
    }

    delete_webhook: DELETE format!("/webhook/{WEBHOOK_ID}") => 200;
    |c| c.delete_webhook().webhook_id(uuid(WEBHOOK_ID));
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Webhook deleted"));
    }

    get_workflow_by_id: GET format!("/workflow/{WORKFLOW_ID}") => 200;
    |c| c.get_workflow_by_id().id(uuid(WORKFLOW_ID));
    |workflow| {
        assert_eq!(workflow.id, uuid(WORKFLOW_ID));
        assert_eq!(workflow.pipeline_id, uuid(PIPELINE_ID));
    }

    approve_pending_approval_job_by_id: POST
        format!("/workflow/{WORKFLOW_ID}/approve/{APPROVAL_ID}")
        => 202;
    |c| c.approve_pending_approval_job_by_id()
        .id(uuid(WORKFLOW_ID))
        .approval_request_id(uuid(APPROVAL_ID));
    |approved| {
        assert_eq!(approved.message.as_deref(), Some("Accepted."));
    }

    cancel_workflow: POST format!("/workflow/{WORKFLOW_ID}/cancel") => 202;
    |c| c.cancel_workflow().id(uuid(WORKFLOW_ID));
    |cancelled| {
        assert_eq!(cancelled.message.as_deref(), Some("Accepted."));
    }

    list_workflow_jobs: GET format!("/workflow/{WORKFLOW_ID}/job") => 200;
    |c| c.list_workflow_jobs().id(uuid(WORKFLOW_ID));
    |page| {
        assert_eq!(page.items.len(), 3);
        let build = &page.items[0];
        assert_eq!(build.job_number, Some(JOB_NUMBER));
        assert_eq!(build.status, types::JobStatus::Success);
        assert_eq!(build.stopped_at, Some(at("2024-04-30T22:37:04.323Z")));
        // An approval job on hold: no number, not started (null), no stop time (absent).
        let hold = &page.items[1];
        assert_eq!(hold.type_, types::JobType::Approval);
        assert_eq!(hold.status, types::JobStatus::OnHold);
        assert_eq!(hold.job_number, None);
        assert_eq!(hold.started_at, None);
        assert_eq!(hold.stopped_at, None);
        assert_eq!(hold.approval_request_id, Some(uuid(APPROVAL_ID)));
        assert_eq!(hold.dependencies, [uuid(JOB_ID)]);
        assert_eq!(
            hold.requires["build"],
            [types::JobRequiresValueItem::Success]
        );
        // A running job has no `stopped_at`.
        let deploy = &page.items[2];
        assert_eq!(deploy.status, types::JobStatus::Running);
        assert_eq!(deploy.stopped_at, None);
        assert_eq!(deploy.approved_by, Some(uuid(USER_ID)));
    }

    rerun_workflow: POST format!("/workflow/{WORKFLOW_ID}/rerun") => 202;
    |c| c.rerun_workflow()
        .id(uuid(WORKFLOW_ID))
        .body(
            types::RerunWorkflowParameters::try_from(
                types::RerunWorkflowParameters::builder().from_failed(Some(true)),
            )
            .unwrap(),
        );
    |rerun| {
        assert_eq!(
            rerun.workflow_id,
            Some(uuid("0e53027b-521a-4c40-9042-47e72b3c63a3"))
        );
    }

    get_organization_groups: GET format!("/organizations/{ORG_ID}/groups?limit=20") => 200;
    |c| c.get_organization_groups().org_id(ORG_ID).limit(20);
    |groups| {
        assert_eq!(groups.total_count, Some(2));
        assert_eq!(groups.items[0].id, Some(uuid(GROUP_ID)));
        assert_eq!(groups.items[1].description, None);
    }

    create_organization_group: POST format!("/organizations/{ORG_ID}/groups")
        => 201, body types::CreateGroupRequest;
    |c| c.create_organization_group().org_id(ORG_ID);
    |group| {
        assert_eq!(group.name.as_deref(), Some("platform"));
    }

    get_group: GET format!("/organizations/{ORG_ID}/groups/{GROUP_ID}") => 200;
    |c| c.get_group().org_id(ORG_ID).group_id(uuid(GROUP_ID));
    |group| {
        assert_eq!(group.description.as_deref(), Some("Platform team"));
    }

    delete_group: DELETE format!("/organizations/{ORG_ID}/groups/{GROUP_ID}") => 200;
    |c| c.delete_group().org_id(ORG_ID).group_id(uuid(GROUP_ID));
    |deleted| {
        assert_eq!(deleted.message, "Group deleted.");
    }

    create_usage_export: POST format!("/organizations/{ORG_ID}/usage_export_job")
        => 201, body types::CreateUsageExportRequest;
    |c| c.create_usage_export().org_id(ORG_ID);
    |job| {
        assert_eq!(job.usage_export_job_id, uuid(EXPORT_ID));
        assert_eq!(job.state, types::UsageExportState::Created);
        assert!(job.download_urls.is_empty());
    }

    get_usage_export: GET format!("/organizations/{ORG_ID}/usage_export_job/{EXPORT_ID}") => 200;
    |c| c.get_usage_export().org_id(ORG_ID).usage_export_job_id(uuid(EXPORT_ID));
    |job| {
        assert_eq!(job.state, types::UsageExportState::Completed);
        assert_eq!(job.download_urls.len(), 1);
        assert_eq!(job.error_reason, None);
    }

    list_pipeline_definitions: GET format!("/projects/{PROJECT_ID}/pipeline-definitions") => 200;
    |c| c.list_pipeline_definitions().project_id(PROJECT_ID);
    |list| {
        let definition = &list.items[0];
        assert_eq!(definition.id, Some(uuid(DEFINITION_ID)));
        let config = definition.config_source.as_ref().unwrap();
        assert_eq!(config.file_path.as_deref(), Some(".circleci/config.yml"));
        assert_eq!(
            config.repo.as_ref().unwrap().external_id.as_deref(),
            Some("123456789")
        );
    }

    create_pipeline_definition: POST format!("/projects/{PROJECT_ID}/pipeline-definitions")
        => 200, body types::CreatePipelineDefinitionRequest;
    |c| c.create_pipeline_definition().project_id(PROJECT_ID);
    |definition| {
        assert_eq!(definition.name.as_deref(), Some("build-and-deploy"));
        let body = request_body::<types::CreatePipelineDefinitionRequest>(
            "create_pipeline_definition",
        );
        assert!(matches!(
            body.config_source,
            types::ConfigSourceInput::GithubAppConfigSource(_)
        ));
    }

    get_pipeline_definition: GET
        format!("/projects/{PROJECT_ID}/pipeline-definitions/{DEFINITION_ID}")
        => 200;
    |c| c.get_pipeline_definition().project_id(PROJECT_ID).pipeline_definition_id(DEFINITION_ID);
    |definition| {
        assert_eq!(definition.created_at, Some(at("2024-02-20T14:00:00.000Z")));
    }

    update_pipeline_definition: PATCH
        format!("/projects/{PROJECT_ID}/pipeline-definitions/{DEFINITION_ID}")
        => 200, body types::UpdatePipelineDefinitionRequest;
    |c| c.update_pipeline_definition().project_id(PROJECT_ID).pipeline_definition_id(DEFINITION_ID);
    |definition| {
        assert_eq!(definition.description.as_deref(), Some("Main pipeline, v2"));
    }

    delete_pipeline_definition: DELETE
        format!("/projects/{PROJECT_ID}/pipeline-definitions/{DEFINITION_ID}")
        => 200;
    |c| c.delete_pipeline_definition().project_id(PROJECT_ID).pipeline_definition_id(DEFINITION_ID);
    |deleted| {
        assert_eq!(
            deleted.message.as_deref(),
            Some("Pipeline definition deleted.")
        );
    }

    list_pipeline_definition_triggers: GET
        format!("/projects/{PROJECT_ID}/pipeline-definitions/{DEFINITION_ID}/triggers")
        => 200;
    |c| c.list_pipeline_definition_triggers()
        .project_id(PROJECT_ID)
        .pipeline_definition_id(DEFINITION_ID);
    |list| {
        assert_eq!(list.items.len(), 2);
        assert_eq!(
            list.items[0].event_preset,
            Some(types::TriggerEventPreset::DefaultBranchPushes)
        );
        let webhook = list.items[1].event_source.as_ref().unwrap();
        assert_eq!(
            webhook.webhook.as_ref().unwrap().sender.as_deref(),
            Some("argo")
        );
        assert_eq!(list.items[1].disabled, Some(true));
    }

    create_trigger: POST
        format!("/projects/{PROJECT_ID}/pipeline-definitions/{DEFINITION_ID}/triggers")
        => 200, body types::CreateTriggerRequest;
    |c| c.create_trigger().project_id(PROJECT_ID).pipeline_definition_id(DEFINITION_ID);
    |trigger| {
        assert_eq!(trigger.id, Some(uuid(TRIGGER_ID)));
        assert_eq!(trigger.checkout_ref.as_deref(), Some("main"));
    }

    get_trigger: GET format!("/projects/{PROJECT_ID}/triggers/{TRIGGER_ID}") => 200;
    |c| c.get_trigger().project_id(PROJECT_ID).trigger_id(TRIGGER_ID);
    |trigger| {
        assert_eq!(trigger.event_name.as_deref(), Some("deploy hook"));
        assert_eq!(trigger.event_preset, None);
    }

    update_trigger: PATCH format!("/projects/{PROJECT_ID}/triggers/{TRIGGER_ID}")
        => 200, body types::UpdateTriggerRequest;
    |c| c.update_trigger().project_id(PROJECT_ID).trigger_id(TRIGGER_ID);
    |trigger| {
        assert_eq!(trigger.disabled, Some(false));
    }

    delete_trigger: DELETE format!("/projects/{PROJECT_ID}/triggers/{TRIGGER_ID}") => 200;
    |c| c.delete_trigger().project_id(PROJECT_ID).trigger_id(TRIGGER_ID);
    |deleted| {
        assert_eq!(deleted.message.as_deref(), Some("Trigger deleted."));
    }

    rollback_project: POST format!("/projects/{PROJECT_ID}/rollback")
        => 202, body types::RollbackProjectRequest;
    |c| c.rollback_project().project_id(PROJECT_ID);
    |rollback| {
        assert_eq!(rollback.rollback_type.as_deref(), Some("PIPELINE"));
    }

    list_environments: GET format!("/deploy/environments?org-id={ORG_ID}&page-size=50") => 200;
    |c| c.list_environments().org_id(uuid(ORG_ID)).page_size(50);
    |page| {
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].labels[0].key.as_deref(), Some("region"));
        assert_eq!(page.items[1].created_at, None);
    }

    get_environment: GET format!("/deploy/environments/{ENVIRONMENT_ID}") => 200;
    |c| c.get_environment().environment_id(uuid(ENVIRONMENT_ID));
    |environment| {
        assert_eq!(environment.name.as_deref(), Some("production"));
    }

    list_components: GET
        format!("/deploy/components?org-id={ORG_ID}&page-size=10&project-id={PROJECT_ID}")
        => 200;
    |c| c.list_components().org_id(uuid(ORG_ID)).project_id(uuid(PROJECT_ID)).page_size(10);
    |page| {
        assert_eq!(page.items[0].release_count, Some(42));
    }

    get_component: GET format!("/deploy/components/{COMPONENT_ID}") => 200;
    |c| c.get_component().component_id(COMPONENT_ID);
    |component| {
        assert_eq!(component.project_id, Some(uuid(PROJECT_ID)));
    }

    list_component_versions: GET
        format!("/deploy/components/{COMPONENT_ID}/versions?environment-id={ENVIRONMENT_ID}")
        => 200;
    |c| c.list_component_versions().component_id(COMPONENT_ID).environment_id(uuid(ENVIRONMENT_ID));
    |versions| {
        assert_eq!(versions.items.len(), 2);
        assert_eq!(versions.items[0].is_live, Some(true));
        assert_eq!(versions.items[1].job_number, None);
    }
}

#[tokio::test]
async fn trigger_pipeline_run_that_creates_nothing_answers_200_with_a_message() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/project/circleci/acme/docs/pipeline/run")
                .json_body(json!({}));
            then.status(200)
                .json_body(fixture(VENDOR, "trigger_pipeline_run.response-200"));
        })
        .await;
    let answer = client(builder(), &server.base_url())
        .trigger_pipeline_run()
        .provider(types::SlugProvider::Circleci)
        .organization("acme")
        .project("docs")
        .body(types::PipelineRequest::default())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer,
        types::TriggerPipelineRunResponse::PipelineNotTriggeredResponse(
            types::PipelineNotTriggeredResponse::try_from(
                types::PipelineNotTriggeredResponse::builder().message(Some(
                    "Pipeline not triggered: no trigger matched the event".to_string()
                ))
            )
            .unwrap()
        )
    );
}

/// Keeps the table above honest: one row (one test) per operation of the client, and a fixture
/// for each.
#[test]
fn every_operation_has_a_test_and_a_response_fixture() {
    let client_rs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../generated/circleci/src/client.rs"),
    )
    .unwrap();
    let operations: Vec<&str> = client_rs
        .split("    pub fn ")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("(&self)")
                .or(rest.split_once("(\n        &self,"))
        })
        .map(|(name, _)| name)
        .filter(|name| !name.contains(' ') && !["builder", "base_url"].contains(name))
        .collect();
    assert_eq!(operations.len(), 110, "{operations:?}");
    for op in operations {
        assert!(OPERATIONS.contains(&op), "no test for {op}");
        assert!(
            fixture_path(VENDOR, &format!("{op}.response")).exists(),
            "no fixture for {op}"
        );
    }
}

#[test]
fn the_fixture_comparison_catches_drops_and_changes() {
    let fixture = json!({"a": 1, "b": 0.84, "t": "2024-05-01T00:00:00.000Z", "n": null, "e": []});
    // Same values written differently, absent empties, extra nulls: equal.
    let same = json!({"a": 1.0, "b": 0.8399999737739563, "t": "2024-05-01T00:00:00Z", "x": null});
    assert!(same_json(&same, &fixture, "$").is_ok());
    for differing in [
        json!({"b": 0.84, "t": "2024-05-01T00:00:00Z"}),
        json!({"a": 2, "b": 0.84, "t": "2024-05-01T00:00:00Z"}),
        json!({"a": 1, "b": 0.85, "t": "2024-05-01T00:00:00Z"}),
        json!({"a": 1, "b": 0.84, "t": "2024-05-01T00:00:01Z"}),
        json!({"a": 1, "b": 0.84, "t": "2024-05-01T00:00:00Z", "new": 1}),
        json!({"a": "1", "b": 0.84, "t": "2024-05-01T00:00:00Z"}),
    ] {
        assert!(same_json(&differing, &fixture, "$").is_err(), "{differing}");
    }
}

// ------------------------------------------------------------------------------------------------
// Project slugs and other path parameters
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn slugs_are_sent_as_one_path_segment_with_escaped_slashes() {
    let server = MockServer::start_async().await;
    let sent = Arc::new(Mutex::new(Vec::new()));
    let record = sent.clone();
    server
        .mock_async(|when, then| {
            when.header("circle-token", TOKEN).is_true(move |req| {
                record.lock().unwrap().push(path_and_query(req));
                true
            });
            then.status(404)
                .json_body(json!({"message": "Project not found"}));
        })
        .await;
    let client = client(builder(), &server.base_url());
    let app_slug = format!("circleci/{ORG_ID}/{PROJECT_ID}");
    for slug in ["gh/org/repo", "bb/acme/web-app", app_slug.as_str()] {
        let err = client
            .get_project_by_slug()
            .project_slug(slug)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
    client
        .get_job_details()
        .project_slug(app_slug.as_str())
        .job_number(7)
        .send()
        .await
        .unwrap_err();
    client
        .get_org_summary_data()
        .org_slug(format!("circleci/{ORG_ID}"))
        .send()
        .await
        .unwrap_err();
    // Other path parameters are escaped the same way.
    client
        .get_workflow_summary()
        .project_slug("gh/org/repo")
        .workflow_name("nightly build/arm64")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        *sent.lock().unwrap(),
        [
            "/project/gh/org/repo".to_string(),
            "/project/bb/acme/web-app".into(),
            format!("/project/circleci/{ORG_ID}/{PROJECT_ID}"),
            format!("/project/circleci/{ORG_ID}/{PROJECT_ID}/job/7"),
            format!("/insights/circleci/{ORG_ID}/summary"),
            "/insights/gh/org/repo/workflows/nightly%20build%2Farm64/summary".into(),
        ]
    );
}

// ------------------------------------------------------------------------------------------------
// Documented error bodies
// ------------------------------------------------------------------------------------------------

/// Sends one operation to a server that answers every request with `status` and `body`; returns
/// the error and how many requests the server got.
async fn failing<T, E, Fut: std::future::Future<Output = Result<T, Error<E>>>>(
    status: u16,
    body: Value,
    call: impl FnOnce(Client) -> Fut,
) -> (Error<E>, usize) {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.header("circle-token", TOKEN);
            then.status(status).json_body(body);
        })
        .await;
    let Err(err) = call(client(builder(), &server.base_url())).await else {
        panic!("HTTP {status} was taken for a success");
    };
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err}");
    (err, mock.calls_async().await)
}

fn claims_error(text: &str) -> types::ClaimsErrorResponse {
    types::ClaimsErrorResponse::try_from(types::ClaimsErrorResponse::builder().error(text)).unwrap()
}

fn message(text: &str) -> types::ErrorResponse {
    types::ErrorResponse::try_from(types::ErrorResponse::builder().message(Some(text.to_string())))
        .unwrap()
}

#[tokio::test]
async fn default_error_responses_decode_as_a_message() {
    let server = TypedMock::start().await;
    let project = server
        .get_project_by_slug()
        .project_slug(SLUG)
        .respond_error(404, typed_fixture(VENDOR, "error-message"));
    let pipeline = server
        .get_pipeline_by_id()
        .pipeline_id(uuid(PIPELINE_ID))
        .respond_error(500, message("Internal server error"));
    let contexts = server.list_contexts().owner_id(uuid(ORG_ID)).respond_error(
        401,
        types::ListContextsErrorBody::ErrorResponse(message("You must log in first.")),
    );
    let trigger = server
        .trigger_pipeline()
        .project_slug(SLUG)
        .body(request_body("trigger_pipeline"))
        .respond_error(400, message("Branch not found"));
    // A body that is not the documented one keeps the raw text and no typed body.
    server
        .get_context()
        .context_id(uuid(CONTEXT_ID))
        .respond_with(Reply::raw(502, "<html>Bad Gateway</html>"));
    let client = server.client();

    // 404 on a GET: not retried.
    let err = client
        .get_project_by_slug()
        .project_slug(SLUG)
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::NotFound, Some(404)));
    assert_eq!(err.typed_body(), Some(&message("Project not found")));
    assert_eq!((project.hits(), err.attempts()), (1, 1));

    // 500 from a `default` response: a server error, retried on a GET, still typed.
    let err = client
        .get_pipeline_by_id()
        .pipeline_id(uuid(PIPELINE_ID))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Server, Some(500)));
    assert_eq!(err.typed_body(), Some(&message("Internal server error")));
    assert_eq!((pipeline.hits(), err.attempts()), (3, 3));
    assert!(err.to_string().contains("HTTP 500"), "{err}");

    let err = client
        .list_contexts()
        .owner_id(uuid(ORG_ID))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Auth, Some(401)));
    assert_eq!(
        err.typed_body(),
        Some(&types::ListContextsErrorBody::ErrorResponse(message(
            "You must log in first."
        )))
    );
    contexts.assert_hits(1);

    let err = client
        .trigger_pipeline()
        .project_slug(SLUG)
        .body(request_body::<types::PipelineTriggerNewPipelineRequest>(
            "trigger_pipeline",
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Client, Some(400)));
    assert_eq!(err.typed_body(), Some(&message("Branch not found")));
    trigger.assert_hits(1);

    let err = client
        .get_context()
        .context_id(uuid(CONTEXT_ID))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Server, Some(502)));
    assert_eq!(err.typed_body(), None);
    assert_eq!(err.body(), Some("<html>Bad Gateway</html>"));
    server.verify();
}

#[tokio::test]
async fn oidc_errors_decode_as_an_error_field() {
    let cases = [
        (400, ErrorKind::Client),
        (403, ErrorKind::Forbidden),
        (500, ErrorKind::Server),
    ];
    let text = |code: u16| format!("claims failed with {code}");
    // One answer per call, in turn; the 500 comes last, so the GET's retries see it again.
    let replies = || cases.map(|(code, _)| Reply::error(code, claims_error(&text(code))));
    let server = TypedMock::start().await;
    server
        .get_project_claims()
        .org_id(uuid(ORG_ID))
        .project_id(uuid(PROJECT_ID))
        .respond_sequence(replies());
    let patch = server
        .patch_org_claims()
        .org_id(uuid(ORG_ID))
        .body(request_body("patch_org_claims"))
        .respond_sequence(replies());
    let client = server.client();
    for (sent, (code, kind)) in cases.into_iter().enumerate() {
        let err = client
            .get_project_claims()
            .org_id(uuid(ORG_ID))
            .project_id(uuid(PROJECT_ID))
            .send()
            .await
            .unwrap_err();
        assert_eq!((err.kind(), status(&err)), (kind, Some(code)));
        assert_eq!(err.typed_body(), Some(&claims_error(&text(code))));
        let err = client
            .patch_org_claims()
            .org_id(uuid(ORG_ID))
            .body(request_body::<types::PatchClaimsRequest>(
                "patch_org_claims",
            ))
            .send()
            .await
            .unwrap_err();
        assert_eq!(status(&err), Some(code));
        assert_eq!(err.typed_body(), Some(&claims_error(&text(code))));
        patch.assert_hits(sent + 1); // PATCH is not retried
    }
    server.verify();
}

#[tokio::test]
async fn restriction_errors_decode_by_status() {
    use types::GetContextRestrictionsErrorBody as Get;
    let invalid = fixture(VENDOR, "restriction-error");
    let cases: Vec<(u16, Value, ErrorKind, Get)> = vec![
        (
            400,
            invalid.clone(),
            ErrorKind::Client,
            Get::InvalidContextIdError(
                types::InvalidContextIdError::try_from(
                    types::InvalidContextIdError::builder().message("context_id is invalid."),
                )
                .unwrap(),
            ),
        ),
        (
            401,
            json!({"message": "Credentials provided are invalid."}),
            ErrorKind::Auth,
            Get::ErrorResponse(message("Credentials provided are invalid.")),
        ),
        (
            404,
            json!({"message": "Entity not found."}),
            ErrorKind::NotFound,
            Get::ErrorResponse(message("Entity not found.")),
        ),
        // The documents give default texts for these two; an empty body takes them.
        (
            429,
            json!({}),
            ErrorKind::RateLimited,
            Get::RateLimitError(
                types::RateLimitError::try_from(
                    types::RateLimitError::builder().message("Rate limit exceeded."),
                )
                .unwrap(),
            ),
        ),
        (
            500,
            json!({"message": "Internal server error."}),
            ErrorKind::Server,
            Get::InternalError(
                types::InternalError::try_from(
                    types::InternalError::builder().message("Internal server error."),
                )
                .unwrap(),
            ),
        ),
    ];
    for (status, body, kind, expected) in cases {
        let (err, _) = failing(status, body, |c| async move {
            c.get_context_restrictions()
                .context_id(CONTEXT_ID)
                .send()
                .await
        })
        .await;
        assert_eq!(err.kind(), kind, "{status}");
        assert_eq!(err.typed_body(), Some(&expected), "{status}");
    }
    let empty_500 = failing(500, json!({}), |c| async move {
        c.get_context_restrictions()
            .context_id(CONTEXT_ID)
            .send()
            .await
    })
    .await
    .0;
    assert_eq!(
        empty_500.typed_body(),
        Some(&Get::InternalError(
            types::InternalError::try_from(
                types::InternalError::builder().message("Internal server error.")
            )
            .unwrap()
        ))
    );
}

#[tokio::test]
async fn create_and_delete_restriction_errors_decode_by_status() {
    use types::CreateContextRestrictionErrorBody as Create;
    use types::DeleteContextRestrictionErrorBody as Delete;
    let text = |status: u16| format!("restriction failed with {status}");
    for status in [400, 401, 404, 409, 429, 500] {
        let (err, calls) = failing(status, json!({ "message": text(status) }), |c| async move {
            c.create_context_restriction()
                .context_id(CONTEXT_ID)
                .body(request_body::<types::ContextCreateRestrictionRequest>(
                    "create_context_restriction",
                ))
                .send()
                .await
        })
        .await;
        assert_eq!(calls, 1, "a POST is not retried ({status})");
        let message = match err.typed_body() {
            Some(Create::ErrorResponse(b)) if [400, 401, 404, 409].contains(&status) => {
                b.message.clone()
            }
            Some(Create::RateLimitError(b)) if status == 429 => Some(b.message.clone()),
            Some(Create::InternalError(b)) if status == 500 => Some(b.message.clone()),
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(message, Some(text(status)));
    }
    assert_eq!(
        failing(
            409,
            json!({"message": "Request conflict."}),
            |c| async move {
                c.create_context_restriction()
                    .context_id(CONTEXT_ID)
                    .body(types::ContextCreateRestrictionRequest::default())
                    .send()
                    .await
            }
        )
        .await
        .0
        .kind(),
        ErrorKind::Client
    );
    for status in [400, 401, 404, 429, 500] {
        let (err, _) = failing(status, json!({ "message": text(status) }), |c| async move {
            c.delete_context_restriction()
                .context_id(CONTEXT_ID)
                .restriction_id(RESTRICTION_ID)
                .send()
                .await
        })
        .await;
        let message = match err.typed_body() {
            Some(Delete::InvalidRestrictionIdError(b)) if status == 400 => Some(b.message.clone()),
            Some(Delete::ErrorResponse(b)) if [401, 404].contains(&status) => b.message.clone(),
            Some(Delete::RateLimitError(b)) if status == 429 => Some(b.message.clone()),
            Some(Delete::InternalError(b)) if status == 500 => Some(b.message.clone()),
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(message, Some(text(status)));
    }
    // The 400 body's documented default text.
    let (err, _) = failing(400, json!({}), |c| async move {
        c.delete_context_restriction()
            .context_id(CONTEXT_ID)
            .restriction_id("not-a-restriction")
            .send()
            .await
    })
    .await;
    assert_eq!(
        err.typed_body(),
        Some(&Delete::InvalidRestrictionIdError(
            types::InvalidRestrictionIdError::try_from(
                types::InvalidRestrictionIdError::builder().message("restriction_id is invalid.")
            )
            .unwrap()
        ))
    );
}

#[tokio::test]
async fn policy_errors_decode_as_an_error_field() {
    let policy_error = |text: &str| {
        types::PolicyErrorResponse::try_from(types::PolicyErrorResponse::builder().error(text))
            .unwrap()
    };
    let cases = [
        (400, ErrorKind::Client),
        (401, ErrorKind::Auth),
        (403, ErrorKind::Forbidden),
        (500, ErrorKind::Server),
    ];
    let server = TypedMock::start().await;
    server
        .get_decision_log()
        .owner_id(ORG_ID)
        .context("config")
        .decision_id(DECISION_ID)
        .respond_error(404, typed_fixture(VENDOR, "policy-error"));
    // One answer per call, in turn; the 500 comes last, so the retries see it again.
    let bundle = server
        .get_policy_bundle()
        .owner_id(ORG_ID)
        .context("config")
        .respond_sequence(cases.map(|(code, _)| Reply::error(code, policy_error("no"))));
    let create = server
        .create_policy_bundle()
        .owner_id(ORG_ID)
        .context("config")
        .body(request_body("create_policy_bundle"))
        .respond_error(413, policy_error("payload too large"));
    let client = server.client();

    let err = client
        .get_decision_log()
        .owner_id(ORG_ID)
        .context("config")
        .decision_id(DECISION_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::NotFound, Some(404)));
    assert_eq!(
        err.typed_body(),
        Some(&policy_error("decision log not found"))
    );
    for (code, kind) in cases {
        let err = client
            .get_policy_bundle()
            .owner_id(ORG_ID)
            .context("config")
            .send()
            .await
            .unwrap_err();
        assert_eq!((err.kind(), status(&err)), (kind, Some(code)));
        assert_eq!(err.typed_body(), Some(&policy_error("no")), "{code}");
    }
    bundle.assert_hits(3 + 3);
    let err = client
        .create_policy_bundle()
        .owner_id(ORG_ID)
        .context("config")
        .body(request_body::<types::BundlePayload>("create_policy_bundle"))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Client, Some(413)));
    assert_eq!(err.typed_body(), Some(&policy_error("payload too large")));
    create.assert_hits(1);
    server.verify();
}

// ------------------------------------------------------------------------------------------------
// Query arrays and enums
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn org_summary_is_answered_for_its_projects_in_order_and_its_window() {
    let projects = || vec!["api-preview-docs".to_string(), "circleci-cli".into()];
    let server = TypedMock::start().await;
    let summary = server
        .get_org_summary_data()
        .org_slug("gh/CircleCI-Public")
        .project_names(projects())
        .reporting_window(types::ReportingWindow::Last7Days)
        .respond(typed_fixture(VENDOR, "get_org_summary_data.response"));
    let client = server.client();
    let ask = |names: Vec<String>, window: types::ReportingWindow| {
        client
            .get_org_summary_data()
            .org_slug("gh/CircleCI-Public")
            .project_names(names)
            .reporting_window(window)
            .send()
    };

    let got = ask(projects(), types::ReportingWindow::Last7Days)
        .await
        .unwrap();
    assert_eq!(got.org_data.metrics.total_runs, 1530);
    assert_eq!(got.all_projects, Some(projects()));
    // Another window, or the projects in another order, is another question.
    let mut reversed = projects();
    reversed.reverse();
    for (names, window) in [
        (projects(), types::ReportingWindow::Last30Days),
        (reversed, types::ReportingWindow::Last7Days),
    ] {
        let err = ask(names, window).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
    summary.assert_hits(1);
    assert_eq!(
        server.unmatched(),
        [
            "GET /insights/gh/CircleCI-Public/summary?project-names=api-preview-docs\
             &project-names=circleci-cli&reporting-window=last-30-days",
            "GET /insights/gh/CircleCI-Public/summary?project-names=circleci-cli\
             &project-names=api-preview-docs&reporting-window=last-7-days",
        ]
    );
}

// ------------------------------------------------------------------------------------------------
// Pagination
// ------------------------------------------------------------------------------------------------

/// Serves one page per entry of `pages`: `(exact uri, items, next_page_token)`.
async fn serve_pages<'a>(
    server: &'a MockServer,
    pages: Vec<(String, Vec<Value>, Value)>,
) -> Vec<httpmock::Mock<'a>> {
    let mut mocks = Vec::new();
    for (uri, items, next) in pages {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .header("circle-token", TOKEN)
                    .is_true(move |req| path_and_query(req) == uri);
                then.status(200)
                    .json_body(json!({"items": items, "next_page_token": next}));
            })
            .await;
        mocks.push(mock);
    }
    mocks
}

/// `template` with `changes` merged into it.
fn item(template: &Value, changes: Value) -> Value {
    let mut item = template.clone();
    for (key, value) in changes.as_object().unwrap() {
        item[key] = value.clone();
    }
    item
}

#[tokio::test]
async fn list_contexts_streams_three_pages() {
    let template = &fixture(VENDOR, "list_contexts.response")["items"][0];
    let context = |n: u32| {
        item(
            template,
            json!({"id": format!("00000000-0000-4000-8000-00000000000{n}"), "name": format!("ctx-{n}")}),
        )
    };
    let base = "/context?owner-slug=gh%2FCircleCI-Public";
    let server = MockServer::start_async().await;
    let mocks = serve_pages(
        &server,
        vec![
            (
                base.into(),
                vec![context(1), context(2)],
                json!("AARL+/w=="),
            ),
            (
                format!("{base}&page-token=AARL%2B%2Fw%3D%3D"),
                vec![context(3)],
                json!("p3"),
            ),
            (
                format!("{base}&page-token=p3"),
                vec![context(4), context(5)],
                Value::Null,
            ),
        ],
    )
    .await;
    let names: Vec<String> = client(builder(), &server.base_url())
        .list_contexts()
        .owner_slug("gh/CircleCI-Public")
        .stream()
        .map_ok(|c| c.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["ctx-1", "ctx-2", "ctx-3", "ctx-4", "ctx-5"]);
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn list_pipelines_for_project_streams_three_pages_and_stops_on_an_empty_cursor() {
    let template = &fixture(VENDOR, "list_pipelines_for_project.response")["items"][0];
    let pipelines = |numbers: &[i64], next: &str| -> types::PipelineListResponse {
        let items = numbers
            .iter()
            .map(|n| item(template, json!({ "number": n })));
        page(items.collect(), json!(next))
    };
    // The slug is matched as sent (`gh/...`, slashes raw); the last page's cursor is empty.
    let server = TypedMock::start().await;
    let listing = || {
        server
            .list_pipelines_for_project()
            .project_slug(SLUG)
            .branch("main")
    };
    let pages = [
        listing()
            .matching(|request| request.query("page-token").is_empty())
            .respond(pipelines(&[30, 29], "t2")),
        listing()
            .page_token("t2")
            .respond(pipelines(&[28, 27], "t3")),
        listing().page_token("t3").respond(pipelines(&[26], "")),
    ];
    let client = server.client();
    let numbers: Vec<i64> = client
        .list_pipelines_for_project()
        .project_slug(SLUG)
        .branch("main")
        .stream()
        .map_ok(|p| p.number)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers, [30, 29, 28, 27, 26]);
    assert_eq!(hits(&pages), [1, 1, 1]);
    // Page by page.
    let pages_read: Vec<types::PipelineListResponse> = client
        .list_pipelines_for_project()
        .project_slug(SLUG)
        .branch("main")
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages_read.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(pages_read[0].next_page_token.as_deref(), Some("t2"));
    assert_eq!(hits(&pages), [2, 2, 2]);
    server.verify();
}

#[tokio::test]
async fn get_project_workflow_runs_streams_three_pages() {
    let template = &fixture(VENDOR, "get_project_workflow_runs.response")["items"][0];
    let runs = |numbers: &[u32]| -> types::InsightsGetRecentWorkflowRunsResponse {
        let items = numbers.iter().map(|n| {
            item(
                template,
                json!({"id": format!("00000000-0000-4000-8000-00000000000{n}"), "credits_used": n}),
            )
        });
        page(items.collect(), Value::Null)
    };
    // Every page is asked with the same filters; the mock wires the cursors.
    let server = TypedMock::start().await;
    let pages = server
        .get_project_workflow_runs()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .all_branches(true)
        .start_date(at("2024-04-01T00:00:00Z"))
        .respond_pages([runs(&[1]), runs(&[2, 3]), runs(&[4])]);
    let credits: Vec<i64> = server
        .client()
        .get_project_workflow_runs()
        .project_slug(SLUG)
        .workflow_name(WORKFLOW)
        .all_branches(true)
        .start_date(at("2024-04-01T00:00:00Z"))
        .stream()
        .map_ok(|r| r.credits_used)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(credits, [1, 2, 3, 4]);
    assert_eq!(hits(&pages), [1, 1, 1]);
    server.verify();
}

// ------------------------------------------------------------------------------------------------
// Retries
// ------------------------------------------------------------------------------------------------

/// How many requests `expectation`, answering 503, got for the call that ended in `sent`; the
/// error must be a server error counting as many attempts.
fn requests_on_503<T, E>(sent: Result<T, Error<E>>, expectation: &Expectation) -> usize {
    let Err(err) = sent else {
        panic!("HTTP 503 was taken for a success");
    };
    assert_eq!((err.kind(), status(&err)), (ErrorKind::Server, Some(503)));
    assert_eq!(err.attempts() as usize, expectation.hits());
    expectation.hits()
}

#[tokio::test]
async fn operations_with_side_effects_are_never_retried() {
    let server = TypedMock::start().await;
    let client = server.client();
    let mock = server.trigger_pipeline().respond_with(Reply::status(503));
    let sent = client
        .trigger_pipeline()
        .project_slug(SLUG)
        .body(request_body::<types::PipelineTriggerNewPipelineRequest>(
            "trigger_pipeline",
        ))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "trigger_pipeline");

    let mock = server.continue_pipeline().respond_with(Reply::status(503));
    let sent = client
        .continue_pipeline()
        .body(request_body::<types::PipelineContinueExecutionRequest>(
            "continue_pipeline",
        ))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "continue_pipeline");

    let mock = server.cancel_job().respond_with(Reply::status(503));
    let sent = client
        .cancel_job()
        .project_slug(SLUG)
        .job_number(JOB_NUMBER)
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "cancel_job");

    let mock = server
        .create_context_restriction()
        .respond_with(Reply::status(503));
    let sent = client
        .create_context_restriction()
        .context_id(CONTEXT_ID)
        .body(request_body::<types::ContextCreateRestrictionRequest>(
            "create_context_restriction",
        ))
        .send()
        .await;
    assert_eq!(
        requests_on_503(sent, &mock),
        1,
        "create_context_restriction"
    );
    server.verify();
}

#[tokio::test]
async fn reads_and_safe_posts_are_retried() {
    let server = TypedMock::start().await;
    let client = server.client();
    let mock = server.get_pipeline_by_id().respond_with(Reply::status(503));
    let sent = client
        .get_pipeline_by_id()
        .pipeline_id(uuid(PIPELINE_ID))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 3, "get_pipeline_by_id");
    // make_decision only evaluates (x-retry-safe).
    let mock = server.make_decision().respond_with(Reply::status(503));
    let sent = client
        .make_decision()
        .owner_id(ORG_ID)
        .context("config")
        .body(request_body::<
            types::PolicyManagementEvaluateInputDataRequest,
        >("make_decision"))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 3, "make_decision");
    server.verify();
}

#[tokio::test]
async fn a_rate_limited_decision_is_asked_again_and_then_decoded() {
    let server = TypedMock::start().await;
    let decision: types::Decision = typed_fixture(VENDOR, "make_decision.response");
    let mock = server
        .make_decision()
        .owner_id(ORG_ID)
        .context("config")
        .body(request_body("make_decision"))
        .respond_sequence([
            Reply::rate_limited(Duration::ZERO),
            Reply::ok(decision.clone()),
        ]);
    let response = server
        .client()
        .make_decision()
        .owner_id(ORG_ID)
        .context("config")
        .body(request_body::<
            types::PolicyManagementEvaluateInputDataRequest,
        >("make_decision"))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.into_value(), decision);
    mock.assert_hits(2);
    server.verify();
}

// ------------------------------------------------------------------------------------------------
// Error bodies of the newer endpoints (one test per error shape)
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn cancel_job_by_job_id_errors_are_message_responses_and_other_statuses_the_default() {
    use types::CancelJobByJobIdErrorBody as Body;
    let not_found = Body::MessageResponse(
        types::MessageResponse::try_from(
            types::MessageResponse::builder().message(Some("Job not found".to_string())),
        )
        .unwrap(),
    );
    // Any other status is the `default` body, whose message is optional.
    let default = Body::ErrorResponse(
        types::ErrorResponse::try_from(types::ErrorResponse::builder().message(None)).unwrap(),
    );
    let cases = [
        (400, ErrorKind::Client, &not_found),
        (401, ErrorKind::Auth, &not_found),
        (403, ErrorKind::Forbidden, &not_found),
        (404, ErrorKind::NotFound, &not_found),
        (409, ErrorKind::Client, &default),
    ];
    let server = TypedMock::start().await;
    let mock = server
        .cancel_job_by_job_id()
        .job_id(uuid(JOB_ID))
        .respond_sequence(cases.map(|(code, _, body)| Reply::error(code, body.clone())));
    let client = server.client();
    for (sent, (code, kind, body)) in cases.into_iter().enumerate() {
        let err = client
            .cancel_job_by_job_id()
            .job_id(uuid(JOB_ID))
            .send()
            .await
            .unwrap_err();
        assert_eq!((err.kind(), status(&err)), (kind, Some(code)));
        assert_eq!(err.typed_body(), Some(body), "{code}");
        mock.assert_hits(sent + 1); // a POST is not retried
    }
    server.verify();
}

#[tokio::test]
async fn project_settings_errors_decode_by_status_with_their_default_texts() {
    use types::GetProjectSettingsErrorBody as Body;
    let cases = [
        (
            401,
            json!({"message": "Invalid token provided."}),
            ErrorKind::Auth,
            Body::ErrorResponse(message("Invalid token provided.")),
        ),
        (
            403,
            json!({}),
            ErrorKind::Forbidden,
            Body::PermissionDeniedError(
                types::PermissionDeniedError::try_from(
                    types::PermissionDeniedError::builder().message("Permission denied."),
                )
                .unwrap(),
            ),
        ),
        (
            404,
            json!({}),
            ErrorKind::NotFound,
            Body::ProjectNotFoundError(
                types::ProjectNotFoundError::try_from(
                    types::ProjectNotFoundError::builder().message("Project not found."),
                )
                .unwrap(),
            ),
        ),
        (
            429,
            json!({"message": "Rate limit exceeded."}),
            ErrorKind::RateLimited,
            Body::RateLimitError(
                types::RateLimitError::try_from(
                    types::RateLimitError::builder().message("Rate limit exceeded."),
                )
                .unwrap(),
            ),
        ),
        (
            500,
            json!({}),
            ErrorKind::Server,
            Body::InternalError(
                types::InternalError::try_from(
                    types::InternalError::builder().message("Internal server error."),
                )
                .unwrap(),
            ),
        ),
    ];
    for (status, body, kind, expected) in cases {
        let (err, _) = failing(status, body, |c| async move {
            c.get_project_settings()
                .provider(types::SlugProvider::Gh)
                .organization("CircleCI-Public")
                .project("api-preview-docs")
                .send()
                .await
        })
        .await;
        assert_eq!(err.kind(), kind, "{status}");
        assert_eq!(err.typed_body(), Some(&expected), "{status}");
    }
}

#[tokio::test]
async fn create_project1_refuses_standalone_projects_with_405() {
    use types::CreateProject1ErrorBody as Body;
    let (err, calls) = failing(405, json!({}), |c| async move {
        c.create_project1()
            .provider(types::SlugProvider::Circleci)
            .organization(ORG_ID)
            .project(PROJECT_ID)
            .send()
            .await
    })
    .await;
    assert_eq!(calls, 1);
    assert_eq!(err.kind(), ErrorKind::Client);
    let Some(Body::StandaloneProjectError(body)) = err.typed_body() else {
        panic!("{:?}", err.typed_body());
    };
    assert!(body.message.starts_with("Create projects using the API"));
    let (err, _) = failing(400, json!({}), |c| async move {
        c.create_project1()
            .provider(types::SlugProvider::Bb)
            .organization("acme")
            .project("web-app")
            .send()
            .await
    })
    .await;
    assert_eq!(
        err.typed_body(),
        Some(&Body::UnexpectedBodyError(
            types::UnexpectedBodyError::try_from(
                types::UnexpectedBodyError::builder().message("Unexpected request body provided.")
            )
            .unwrap()
        ))
    );
}

#[tokio::test]
async fn group_conflicts_and_rollback_conflicts_decode() {
    let (err, calls) = failing(
        409,
        json!({"message": "The organization already has 100 groups."}),
        |c| async move {
            c.create_organization_group()
                .org_id(ORG_ID)
                .body(request_body::<types::CreateGroupRequest>(
                    "create_organization_group",
                ))
                .send()
                .await
        },
    )
    .await;
    assert_eq!(calls, 1);
    assert_eq!(
        err.typed_body(),
        Some(&types::CreateOrganizationGroupErrorBody::ErrorResponse(
            message("The organization already has 100 groups.")
        ))
    );
    let (err, _) = failing(409, json!({}), |c| async move {
        c.rollback_project()
            .project_id(PROJECT_ID)
            .body(request_body::<types::RollbackProjectRequest>(
                "rollback_project",
            ))
            .send()
            .await
    })
    .await;
    assert_eq!(
        err.typed_body(),
        Some(&types::RollbackProjectErrorBody::EntityConflictError(
            types::EntityConflictError::try_from(
                types::EntityConflictError::builder().message("Conflict creating entity.")
            )
            .unwrap()
        ))
    );
}

#[tokio::test]
async fn newer_endpoints_share_the_message_bodies() {
    let (err, _) = failing(
        400,
        json!({"message": "definition_id is not valid"}),
        |c| async move {
            c.trigger_pipeline_run()
                .provider(types::SlugProvider::Gh)
                .organization("CircleCI-Public")
                .project("api-preview-docs")
                .body(types::PipelineRequest::default())
                .send()
                .await
        },
    )
    .await;
    assert_eq!(
        err.typed_body(),
        Some(&types::TriggerPipelineRunErrorBody::UnexpectedBodyError(
            types::UnexpectedBodyError::try_from(
                types::UnexpectedBodyError::builder().message("definition_id is not valid")
            )
            .unwrap()
        ))
    );
    let (err, _) = failing(429, json!({}), |c| async move {
        c.get_usage_export()
            .org_id(ORG_ID)
            .usage_export_job_id(uuid(EXPORT_ID))
            .send()
            .await
    })
    .await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(
        err.typed_body(),
        Some(&types::GetUsageExportErrorBody::RateLimitError(
            types::RateLimitError::try_from(
                types::RateLimitError::builder().message("Rate limit exceeded.")
            )
            .unwrap()
        ))
    );
    let (err, _) = failing(
        404,
        json!({"message": "Environment not found"}),
        |c| async move {
            c.get_environment()
                .environment_id(uuid(ENVIRONMENT_ID))
                .send()
                .await
        },
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.typed_body(),
        Some(&types::GetEnvironmentErrorBody::ErrorResponse(message(
            "Environment not found"
        )))
    );
    // The older endpoints keep the one `default` message body.
    let (err, _) = failing(
        404,
        json!({"message": "Workflow not found"}),
        |c| async move { c.get_workflow_by_id().id(uuid(WORKFLOW_ID)).send().await },
    )
    .await;
    assert_eq!(err.typed_body(), Some(&message("Workflow not found")));
}

// ------------------------------------------------------------------------------------------------
// Pagination and retries of the newer endpoints
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_schedules_for_project_streams_two_pages() {
    let template = &fixture(VENDOR, "list_schedules_for_project.response")["items"][0];
    let schedule = |n: u32| item(template, json!({"name": format!("schedule-{n}")}));
    // The typed mock matches the slug across its segments (sent raw) and wires the cursors.
    let server = TypedMock::start().await;
    let pages = server
        .list_schedules_for_project()
        .project_slug(SLUG)
        .respond_pages([
            page(vec![schedule(1), schedule(2)], Value::Null),
            page(vec![schedule(3)], Value::Null),
        ]);
    let names: Vec<String> = server
        .client()
        .list_schedules_for_project()
        .project_slug(SLUG)
        .stream()
        .map_ok(|s| s.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["schedule-1", "schedule-2", "schedule-3"]);
    assert_eq!(hits(&pages), [1, 1]);
    server.verify();
}

#[tokio::test]
async fn list_environments_keeps_its_page_size_on_every_page() {
    let template = &fixture(VENDOR, "list_environments.response")["items"][0];
    let envs = |names: &[&str]| -> types::PaginatedEnvironmentList {
        let items = names
            .iter()
            .map(|name| item(template, json!({ "name": name })));
        page(items.collect(), Value::Null)
    };
    // Every page must carry `page-size=2`, the second one its cursor too.
    let server = TypedMock::start().await;
    let pages = server
        .list_environments()
        .org_id(uuid(ORG_ID))
        .page_size(2)
        .respond_pages([envs(&["dev", "qa"]), envs(&["prod"])]);
    let read: Vec<types::PaginatedEnvironmentList> = server
        .client()
        .list_environments()
        .org_id(uuid(ORG_ID))
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<Vec<String>> = read
        .iter()
        .map(|p| p.items.iter().filter_map(|e| e.name.clone()).collect())
        .collect();
    assert_eq!(names, [vec!["dev", "qa"], vec!["prod"]]);
    assert_eq!(hits(&pages), [1, 1]);
    server.verify();
}

#[tokio::test]
async fn new_posts_and_patches_are_not_retried_but_deletes_and_puts_are() {
    let server = TypedMock::start().await;
    let client = server.client();
    let mock = server.rerun_workflow().respond_with(Reply::status(503));
    let sent = client
        .rerun_workflow()
        .id(uuid(WORKFLOW_ID))
        .body(types::RerunWorkflowParameters::default())
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "rerun_workflow");

    let mock = server
        .approve_pending_approval_job_by_id()
        .respond_with(Reply::status(503));
    let sent = client
        .approve_pending_approval_job_by_id()
        .id(uuid(WORKFLOW_ID))
        .approval_request_id(uuid(APPROVAL_ID))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "approve_pending_approval");

    let mock = server.cancel_workflow().respond_with(Reply::status(503));
    let sent = client.cancel_workflow().id(uuid(WORKFLOW_ID)).send().await;
    assert_eq!(requests_on_503(sent, &mock), 1, "cancel_workflow");

    let mock = server.create_schedule().respond_with(Reply::status(503));
    let sent = client
        .create_schedule()
        .project_slug(SLUG)
        .body(request_body::<types::CreateScheduleParameters>(
            "create_schedule",
        ))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "create_schedule");

    let mock = server.update_schedule().respond_with(Reply::status(503));
    let sent = client
        .update_schedule()
        .schedule_id(uuid(SCHEDULE_ID))
        .body(types::UpdateScheduleParameters::default())
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "update_schedule (PATCH)");

    let mock = server
        .trigger_pipeline_run()
        .respond_with(Reply::status(503));
    let sent = client
        .trigger_pipeline_run()
        .provider(types::SlugProvider::Gh)
        .organization("CircleCI-Public")
        .project("api-preview-docs")
        .body(types::PipelineRequest::default())
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 1, "trigger_pipeline_run");

    let mock = server.delete_webhook().respond_with(Reply::status(503));
    let sent = client
        .delete_webhook()
        .webhook_id(uuid(WEBHOOK_ID))
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 3, "delete_webhook");

    let mock = server.update_webhook().respond_with(Reply::status(503));
    let sent = client
        .update_webhook()
        .webhook_id(uuid(WEBHOOK_ID))
        .body(types::UpdateWebhookRequest::default())
        .send()
        .await;
    assert_eq!(requests_on_503(sent, &mock), 3, "update_webhook (PUT)");
    server.verify();
}

// ------------------------------------------------------------------------------------------------
// A whole flow: the failed tests of the latest pipeline of a branch
// ------------------------------------------------------------------------------------------------

/// A test result as `get_tests` answers it.
fn test_result(name: &str, result: &str) -> Value {
    json!({
        "message": if result == "failure" { json!("assertion failed") } else { Value::Null },
        "source": "junit",
        "run_time": 0.25,
        "file": "tests/api_test.py",
        "result": result,
        "name": name,
        "classname": "api_test"
    })
}

#[tokio::test]
async fn failed_tests_of_the_latest_pipeline_of_a_branch() {
    let pipeline = fixture(VENDOR, "list_pipelines_for_project.response")["items"][0].clone();
    let pipeline_id = uuid(pipeline["id"].as_str().unwrap());
    let workflow = fixture(VENDOR, "list_workflows_by_pipeline_id.response")["items"][0].clone();
    let job_template = fixture(VENDOR, "list_workflow_jobs.response")["items"][0].clone();
    let job = |id: &str, number: i64, name: &str| {
        item(
            &job_template,
            json!({"id": id, "job_number": number, "name": name}),
        )
    };
    let server = TypedMock::start().await;
    // A next cursor, but nothing may ask for the second page of pipelines.
    let pipelines = server
        .list_pipelines_for_project()
        .project_slug(SLUG)
        .branch("main")
        .respond(page(vec![pipeline], json!("older")));
    let workflows = server
        .list_workflows_by_pipeline_id()
        .pipeline_id(pipeline_id)
        .respond(page(
            vec![item(&workflow, json!({ "id": WORKFLOW_ID }))],
            Value::Null,
        ));
    // The jobs come on two pages.
    let job_pages = server
        .list_workflow_jobs()
        .id(uuid(WORKFLOW_ID))
        .respond_pages([
            page(
                vec![
                    job("00000000-0000-4000-8000-000000000001", 101, "lint"),
                    job("00000000-0000-4000-8000-000000000002", 102, "unit"),
                ],
                Value::Null,
            ),
            page(
                vec![job("00000000-0000-4000-8000-000000000003", 103, "e2e")],
                Value::Null,
            ),
        ]);
    let results = [
        (101, vec![test_result("lint passes", "success")]),
        (
            102,
            vec![
                test_result("adds", "success"),
                test_result("divides by zero", "failure"),
                test_result("slow path", "skipped"),
            ],
        ),
        (103, vec![test_result("login flow", "failure")]),
    ];
    let tests: Vec<_> = results
        .into_iter()
        .map(|(number, items)| {
            server
                .get_tests()
                .project_slug(SLUG)
                .job_number(number)
                .respond(page(items, Value::Null))
        })
        .collect();
    let client = server.client();

    // The latest pipeline of the branch: the first item of the first page only.
    let latest = client
        .list_pipelines_for_project()
        .project_slug(SLUG)
        .branch("main")
        .stream()
        .try_next()
        .await
        .unwrap()
        .expect("a pipeline");
    let mut failed = Vec::new();
    let workflows_read: Vec<types::Workflow> = client
        .list_workflows_by_pipeline_id()
        .pipeline_id(latest.id)
        .stream()
        .try_collect()
        .await
        .unwrap();
    for workflow in workflows_read {
        let jobs: Vec<types::Job> = client
            .list_workflow_jobs()
            .id(workflow.id)
            .stream()
            .try_collect()
            .await
            .unwrap();
        for job in jobs {
            let Some(number) = job.job_number else {
                continue;
            };
            let tests = client
                .get_tests()
                .project_slug(SLUG)
                .job_number(number)
                .send()
                .await
                .unwrap();
            failed.extend(
                tests
                    .items
                    .into_iter()
                    .filter(|t| t.result == "failure")
                    .map(|t| format!("{}: {}", job.name, t.name)),
            );
        }
    }
    assert_eq!(failed, ["unit: divides by zero", "e2e: login flow"]);
    // Every page was asked for exactly once, the second page of pipelines never.
    pipelines.assert_hits(1);
    workflows.assert_hits(1);
    assert_eq!(hits(&job_pages), [1, 1]);
    assert_eq!(hits(&tests), [1, 1, 1]);
    server.verify();
}

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn from_env_reads_circle_token() {
    let env = EnvGuard::save(&["CIRCLE_TOKEN"]);
    env.remove("CIRCLE_TOKEN");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("CIRCLE_TOKEN"), "{err}");
    env.set("CIRCLE_TOKEN", "");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("CIRCLE_TOKEN"), "{err}");
    env.set("CIRCLE_TOKEN", TOKEN);
    assert!(Client::from_env().is_ok());
    let credentials = Credentials::from_env();
    env.remove("CIRCLE_TOKEN");
    drop(env);
    // The token read is the one sent.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/context/".to_string() + CONTEXT_ID)
                .header("circle-token", TOKEN);
            then.status(200)
                .json_body(fixture(VENDOR, "get_context.response"));
        })
        .await;
    let client = Client::builder(credentials.unwrap())
        .base_url(server.base_url())
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
    client
        .get_context()
        .context_id(uuid(CONTEXT_ID))
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[test]
fn the_default_base_url_is_circleci_cloud() {
    assert_eq!(
        testops_circleci::DEFAULT_BASE_URL,
        "https://circleci.com/api/v2"
    );
}

// ------------------------------------------------------------------------------------------------
// Checkout keys under their documented names
// ------------------------------------------------------------------------------------------------

/// The documents name two checkout-key fields `public-key` and `created-at`; CircleCI's server
/// sends `public_key` and `created_at` (the other tests). Both forms decode (`x-aliases`).
#[tokio::test]
async fn checkout_key_documented_kebab_case_names_decode() {
    let documented = fixture(VENDOR, "checkout-key-documented");
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!(
                "/project/{SLUG_PATH}/checkout-key/{FINGERPRINT_PATH}"
            ));
            then.status(200).json_body(documented.clone());
        })
        .await;
    let key = client(builder(), &server.base_url())
        .get_checkout_key()
        .project_slug(SLUG)
        .fingerprint(FINGERPRINT)
        .send()
        .await
        .unwrap();
    assert_eq!(key.public_key, documented["public-key"].as_str().unwrap());
    assert_eq!(key.created_at, at("2024-02-11T16:03:51.208Z"));
    assert_eq!(key.type_, types::CheckoutKeyType::DeployKey);
}

#[tokio::test]
async fn get_tests_streams_every_page_of_a_jobs_tests() {
    let template = &fixture(VENDOR, "get_tests.response")["items"][0];
    let test = |n: u32| item(template, json!({"name": format!("test-{n}")}));
    let server = TypedMock::start().await;
    let pages = server
        .get_tests()
        .project_slug(SLUG)
        .job_number(42)
        .respond_pages([
            page(vec![test(1), test(2)], Value::Null),
            page(vec![test(3)], Value::Null),
        ]);
    let names: Vec<String> = server
        .client()
        .get_tests()
        .project_slug(SLUG)
        .job_number(42)
        .stream()
        .map_ok(|t| t.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["test-1", "test-2", "test-3"]);
    assert_eq!(hits(&pages), [1, 1]);
    server.verify();
}
