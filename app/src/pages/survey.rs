//! The satisfaction survey: an agency's user rates the vendor, also from a phone.

use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::date::format_instant;
use crate::error::AppError;
use crate::survey::{get_survey, AnswerSurvey, SurveyView, ELEMENTS, SCALE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let answer = ServerAction::<AnswerSurvey>::new();
    let data = Resource::new(
        move || (id.get(), answer.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_survey(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Survei kepuasan") />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(survey) => view! { <SurveyForm survey answer /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SurveyForm(survey: SurveyView, answer: ServerAction<AnswerSurvey>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let message = move |field: &'static str| {
        Signal::derive(move || answer.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()?.message_for(field))))
    };
    let general = Signal::derive(move || {
        answer.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    });
    let thanks = move || {
        answer.value().with(|v| matches!(v, Some(Ok(()))).then_some(l.t("Terima kasih, jawaban Anda tersimpan.")))
    };
    let answerable = survey.may_answer && survey.open;
    let elements = ELEMENTS
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let mine = survey.mine.and_then(|m| m[i]);
            let options = SCALE
                .iter()
                .map(|(value, text)| {
                    let id = format!("{key}-{value}");
                    let label_for = id.clone();
                    view! {
                        <label class="score" for=label_for>
                            <input
                                type="radio"
                                id=id
                                name=format!("answer[{key}]")
                                value=value.to_string()
                                checked=mine == Some(*value)
                                disabled=!answerable
                            />
                            <span class="score-value">{*value}</span>
                            <span class="score-text">{l.t(text)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="element" data-test="survey-element">
                    <legend>{format!("{}. {}", i + 1, l.t(label))}</legend>
                    <div class="scores">{options}</div>
                    <FieldMessage id=format!("{key}-pesan") message=message(key) />
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <h1>{l.t("Survei kepuasan OPD")}</h1>
        <p>
            {l.fill(
                "Kinerja {} dalam pembuatan aplikasi {} untuk {} — {}.",
                &[&survey.vendor_name, &survey.application_name, &survey.agency_name, &l.month(survey.month)],
            )}
        </p>
        <p class="muted">
            {if survey.open {
                l.fill("Terbuka sampai {}; jawaban dapat diubah sampai saat itu.", &[&format_instant(survey.closes_at)])
            } else {
                l.t("Survei ini sudah ditutup.").to_string()
            }}
        </p>
        {(!survey.may_answer)
            .then(|| view! { <p class="alert">{l.t("Survei ini diisi oleh pengguna OPD yang bersangkutan.")}</p> })}
        <section class="card survey">
            <ActionForm action=answer>
                <input type="hidden" name="answer[survey]" value=survey.id.to_string() />
                {elements}
                <div class="field">
                    <label for="komentar">{l.t("Komentar (tidak wajib)")}</label>
                    <textarea id="komentar" name="answer[komentar]" rows="3" disabled=!answerable>
                        {survey.comment.clone()}
                    </textarea>
                </div>
                {answerable
                    .then(|| {
                        view! {
                            <button type="submit" class="button" data-test="submit-survey">
                                {if survey.mine.is_some() { l.t("Ubah jawaban") } else { l.t("Kirim jawaban") }}
                            </button>
                        }
                    })}
                <FieldMessage id="survei-pesan" message=general />
                <p class="form-status" role="status">
                    {thanks}
                </p>
            </ActionForm>
        </section>
    }
}
