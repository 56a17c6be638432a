/** What customers write feature requests and general questions about. */
import type { TICKET_TAXONOMY } from '../domain/model/index.ts';
import type { Topic } from './ticket-vocabulary.ts';

export const FEATURE_TOPICS: Record<(typeof TICKET_TAXONOMY)['feature'][number], readonly Topic[]> = {
  enhancement_requests: [
    {
      subject: 'Please support filtering by date on {endpoint}',
      lines: [
        'We would like to filter {endpoint} results by date.',
        'Today we page through everything and filter on our side.',
        'A created_after parameter would do.',
      ],
    },
    {
      subject: 'Feature idea: {feature}',
      lines: [
        'We would love to see {feature} in your API.',
        'Right now we build {feature} ourselves with a nightly script.',
        'Three other teams here would use it too.',
      ],
    },
    {
      subject: 'Allow larger batch sizes',
      lines: [
        'The batch size limit on {endpoint} is too small for our jobs.',
        'We send {count} items a run and have to split them into many calls.',
        'A larger limit would save us a lot of requests.',
      ],
    },
    {
      subject: 'Better error messages for {status} responses',
      lines: [
        'When {endpoint} answers HTTP {status}, the message does not say which field is wrong.',
        'Naming the field would save our developers a lot of guessing.',
        'Other APIs we use return the field path.',
      ],
    },
    {
      subject: 'Add sorting options to {endpoint}',
      lines: [
        'We would like to sort {endpoint} results by name or by date.',
        'Today we fetch everything and sort on our side.',
        'A sort parameter would let us show pages straight away.',
      ],
    },
  ],
  new_feature_inquiries: [
    {
      subject: 'Do you support {feature}?',
      lines: [
        'We could not find out whether you support {feature}.',
        'It is a requirement in our evaluation.',
        'If not, is it planned?',
      ],
    },
    {
      subject: 'Is {feature} on the roadmap?',
      lines: [
        'Is {feature} on your roadmap?',
        'We would plan our next quarter around it.',
        'We would happily test an early version.',
      ],
    },
    {
      subject: 'Timeline for {feature}?',
      lines: [
        'You mentioned {feature} as coming soon a while ago.',
        'Is there a date for it yet?',
        'Our launch depends on it.',
      ],
    },
    {
      subject: 'Beta access to {feature}',
      lines: [
        'We would like to join the beta for {feature}.',
        'We are on the {plan} plan and can give detailed feedback.',
        'Our team could start testing next week.',
      ],
    },
    {
      subject: 'Any plans for {feature} in {region}?',
      lines: [
        'We need {feature} for our customers in {region}.',
        'Is it available there, or planned?',
        'It decides where we host our product.',
      ],
    },
  ],
  integration_requests: [
    {
      subject: 'Native {integration} integration?',
      lines: [
        'Do you plan a native {integration} integration?',
        'Today we move data into {integration} with our own scripts.',
        'A built-in integration would save us maintaining them.',
      ],
    },
    {
      subject: 'Connector for {integration}',
      lines: [
        'We need a connector that sends your data to {integration}.',
        'Our analysts live in {integration}.',
        'Is there one, official or from a partner?',
      ],
    },
    {
      subject: 'Official {integration} app',
      lines: [
        'Is there an official {integration} app for your API?',
        'The community one we use is no longer maintained.',
        'We would switch to an official one right away.',
      ],
    },
    {
      subject: 'Sync data into {integration}',
      lines: [
        'We want to sync our records from your API into {integration} every hour.',
        'What is the recommended way to do that?',
        'We sync about {count} records a day.',
      ],
    },
    {
      subject: 'Support for {integration} webhooks',
      lines: [
        'Could your webhooks deliver straight to {integration}?',
        'Today we relay them through a small server of our own.',
        'Native support would remove a moving part.',
      ],
    },
  ],
};

export const GENERAL_TOPICS: Record<(typeof TICKET_TAXONOMY)['general'][number], readonly Topic[]> = {
  account_questions: [
    {
      subject: 'How do I add a teammate?',
      lines: [
        'I want to invite a teammate to our account.',
        'I cannot find the invite button in the dashboard.',
        'They need access to our API keys too.',
      ],
    },
    {
      subject: 'Change the account owner',
      lines: [
        'Our account owner is leaving the company.',
        'We want to make our head of engineering the new owner.',
        'What do you need from us to change it?',
      ],
    },
    {
      subject: 'Merge two accounts',
      lines: [
        'Our company has two accounts with you after a reorganisation.',
        'We would like to merge them into one, keeping the {plan} plan.',
        'Can the API keys of both keep working?',
      ],
    },
    {
      subject: 'Update our company name',
      lines: [
        'We changed our company name.',
        'Please update it on our account and on future invoices.',
        'The legal entity stays the same.',
      ],
    },
    {
      subject: 'Close one of our workspaces',
      lines: [
        'We want to close one of our two workspaces.',
        'Its API keys are no longer in use.',
        'Will closing it change our bill on the {plan} plan?',
      ],
    },
  ],
  how_to_questions: [
    {
      subject: 'How to paginate through results',
      lines: [
        'How do we page through all results of {endpoint}?',
        'We only ever get the first page back.',
        'We call it with {sdk}.',
      ],
    },
    {
      subject: 'Best way to retry failed requests',
      lines: [
        'What is the recommended way to retry failed calls to {endpoint}?',
        'We do not want to create duplicates when a retry succeeds twice.',
        'Should we use idempotency keys for that?',
      ],
    },
    {
      subject: 'How do I test in sandbox?',
      lines: [
        'How do we test our integration in a sandbox before going live?',
        'We do not want test calls to count against our {plan} plan.',
        'Is there a separate key for it?',
      ],
    },
    {
      subject: 'How to verify webhook signatures',
      lines: [
        'How do we verify the signature on your webhooks?',
        'We use {sdk} and could not find a helper for it.',
        'An example would help.',
      ],
    },
    {
      subject: 'How to filter events by type',
      lines: [
        'How do we receive only some event types from {endpoint}?',
        'We get every event today and drop most of them.',
        'Is there a filter when subscribing?',
      ],
    },
  ],
  other_inquiries: [
    {
      subject: 'Partnership inquiry',
      lines: [
        'We would like to talk about a partnership.',
        'Our product and yours share many customers.',
        'Who would be the right person to speak to?',
      ],
    },
    {
      subject: 'Feedback on the new dashboard',
      lines: [
        'Some feedback on the new dashboard.',
        'It is faster, but the usage chart is harder to find.',
        'Could the old chart be brought back to the front page?',
      ],
    },
    {
      subject: 'Speaking at our meetup?',
      lines: [
        'We run a developer meetup and would love a talk from your team.',
        'The next one is on a {weekday} evening next month.',
        'About a hundred developers usually come.',
      ],
    },
    {
      subject: 'Case study request',
      lines: [
        'We would be glad to be a case study for your API.',
        'We built our product on {endpoint}.',
        'Our marketing team can help with the write-up.',
      ],
    },
    {
      subject: 'General question about the API',
      lines: [
        'A general question about the API before we start building.',
        'Is there a limit on how long we may keep the data we fetch?',
        'We could not find it in the terms.',
      ],
    },
  ],
};
